import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '@shotcaller/persistence';
import { canCreateCampaign } from '../campaigns/campaign-access.rules.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Carry } from '../characters/carry.entity.js';
import { CharacterSchtick } from '../characters/character-schtick.entity.js';
import { Character } from '../characters/character.entity.js';
import { Faction } from '../factions/faction.entity.js';
import { Juncture } from '../junctures/juncture.entity.js';
import { Schtick } from '../schticks/schtick.entity.js';
import { User } from '../users/user.entity.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { Weapon } from '../weapons/weapon.entity.js';
import { STARTER_CONTENT } from './starter-content.js';
import { nameKey, prepareStarterContent, type PreparedStarterContent } from './starter-content.rules.js';
import type { StarterContent } from './starter-content.types.js';

/** A reason the loader refused to run: said to the operator as is; nothing was written. */
export class StarterLoadError extends Error {
  override readonly name = 'StarterLoadError';
}

export const STARTER_KINDS = [
  'factions',
  'junctures',
  'schticks',
  'weapons',
  'characters',
  'vehicles',
] as const;
export type StarterKind = (typeof STARTER_KINDS)[number];

/** What a load did, in counts (no row contents). */
export interface StarterLoadSummary {
  campaignId: string;
  campaignCreated: boolean;
  /** The master template belongs to another gamemaster than the owner named (it was found, not created). */
  campaignOwnedByOther: boolean;
  created: Record<StarterKind, number>;
  /** Records of the starter content the campaign already had (by name): left as they are. */
  alreadyThere: Record<StarterKind, number>;
  /** Schtick and weapon links of the characters created now. */
  links: { schticks: number; weapons: number };
}

/**
 * Loads the starter content into the master template campaign, in one transaction: the campaign is found (the
 * one flagged `is_master_template`) or created for `ownerEmail`, who must be an active admin or gamemaster. Each
 * record is matched by name (schticks by category and name) and created only when the campaign lacks it; records
 * already there are left untouched, links included, so a second run changes nothing and a gamemaster's edits of
 * the template survive a re-run.
 */
export async function loadStarterContent(
  orm: MikroORM,
  ownerEmail: string,
  content: StarterContent = STARTER_CONTENT,
): Promise<StarterLoadSummary> {
  const prepared = prepareStarterContent(content);
  if (!prepared.ok) {
    throw new StarterLoadError(
      `The starter content is not valid:\n${prepared.problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  const starter = prepared.value;

  try {
    return await writeStarterContent(orm, ownerEmail, starter);
  } catch (error) {
    // Only a concurrent write can take a name the transaction found free (or create a second template).
    if (isUniqueViolation(error)) {
      throw new StarterLoadError(
        'The master template changed while loading (another load at the same time?); nothing was written: run it again',
      );
    }
    throw error;
  }
}

async function writeStarterContent(
  orm: MikroORM,
  ownerEmail: string,
  starter: PreparedStarterContent,
): Promise<StarterLoadSummary> {
  return orm.em.fork().transactional(async (tx) => {
    const owner = await tx.findOne(User, { email: ownerEmail.trim().toLowerCase() });
    if (!owner) throw new StarterLoadError(`No account has the email ${ownerEmail}`);
    if (!owner.active) throw new StarterLoadError(`The account ${ownerEmail} is deactivated`);
    if (!canCreateCampaign(owner)) {
      throw new StarterLoadError(`The account ${ownerEmail} is neither an admin nor a gamemaster`);
    }

    const { campaign, created: campaignCreated } = await masterTemplate(tx, owner, starter.campaign);
    const created = counts();
    const alreadyThere = counts();
    const links = { schticks: 0, weapons: 0 };

    /** The campaign's records of one kind by name key, plus those made now; `make` runs for each missing one. */
    const ensure = async <E extends { name: string }, R extends { name: string }>(
      kind: StarterKind,
      existing: E[],
      wanted: R[],
      key: (record: E | R) => string,
      make: (record: R) => E,
    ): Promise<Map<string, E>> => {
      const byKey = new Map(existing.map((record) => [key(record), record]));
      for (const record of wanted) {
        if (byKey.has(key(record))) {
          alreadyThere[kind] += 1;
          continue;
        }
        byKey.set(key(record), make(record));
        created[kind] += 1;
      }
      await tx.flush();
      return byKey;
    };
    const byName = (record: { name: string }) => nameKey(record.name);

    const factions = await ensure(
      'factions',
      await tx.find(Faction, { campaign }),
      starter.factions,
      byName,
      (faction) => tx.create(Faction, { campaign, name: faction.name, description: faction.description }),
    );
    const factionNamed = (name: string | undefined) =>
      name === undefined ? null : factions.get(nameKey(name));

    const junctures = await ensure(
      'junctures',
      await tx.find(Juncture, { campaign }),
      starter.junctures,
      byName,
      (juncture) =>
        tx.create(Juncture, {
          campaign,
          name: juncture.name,
          description: juncture.description,
          faction: factionNamed(juncture.faction),
        }),
    );

    const junctureNamed = (name: string | undefined) =>
      name === undefined ? null : junctures.get(nameKey(name));

    // A schtick is one per (category, name); starter content links them by name alone (its names are unique).
    const schtickKey = (schtick: { name: string; category?: string | null }) =>
      `${schtick.category ?? ''}\u0000${nameKey(schtick.name)}`;
    const existingSchticks = await tx.find(Schtick, { campaign });
    const newSchticks = new Map<string, Schtick>();
    const schticksByCategory = await ensure(
      'schticks',
      existingSchticks,
      starter.schticks,
      schtickKey,
      (schtick) => {
        const made = tx.create(Schtick, {
          campaign,
          name: schtick.name,
          description: schtick.description,
          category: schtick.category,
          path: schtick.path,
          color: schtick.color ?? null,
          bonus: schtick.bonus ?? false,
          archetypes: schtick.archetypes,
        });
        newSchticks.set(nameKey(schtick.name), made);
        return made;
      },
    );
    const schtickNamed = (name: string): Schtick => {
      const starterSchtick = starter.schticks.find((schtick) => nameKey(schtick.name) === nameKey(name));
      return found(starterSchtick && schticksByCategory.get(schtickKey(starterSchtick)), name);
    };
    // Prerequisites after the schticks exist: a row cannot refer to one inserted later in the same statement.
    for (const schtick of starter.schticks) {
      const made = newSchticks.get(nameKey(schtick.name));
      if (made && schtick.prerequisite !== undefined) made.prerequisite = schtickNamed(schtick.prerequisite);
    }
    await tx.flush();

    const weapons = await ensure(
      'weapons',
      await tx.find(Weapon, { campaign }),
      starter.weapons,
      byName,
      (weapon) =>
        tx.create(Weapon, {
          campaign,
          name: weapon.name,
          description: weapon.description,
          juncture: weapon.juncture,
          category: weapon.category,
          damage: weapon.values.damage,
          concealment: weapon.values.concealment,
          reloadValue: weapon.values.reload_value,
          mookBonus: weapon.values.mook_bonus,
          kachunk: weapon.values.kachunk,
        }),
    );
    const weaponNamed = (name: string | undefined) =>
      name === undefined ? null : weapons.get(nameKey(name));

    await ensure(
      'characters',
      await tx.find(Character, { campaign }),
      starter.characters,
      byName,
      (character) => {
        const made = tx.create(Character, {
          campaign,
          user: owner,
          name: character.name,
          summary: character.summary,
          color: character.color ?? null,
          faction: factionNamed(character.faction),
          juncture: junctureNamed(character.juncture),
          equippedWeapon: weaponNamed(character.equipped_weapon),
          isTemplate: true,
          actionValues: character.values.action_values,
          skills: character.values.skills,
          description: character.values.description,
          status: character.values.status,
          wealth: character.values.wealth,
          impairments: character.values.impairments,
        });
        for (const name of character.schticks) {
          tx.create(CharacterSchtick, { character: made, schtick: schtickNamed(name) });
          links.schticks += 1;
        }
        for (const name of character.weapons) {
          tx.create(Carry, { character: made, weapon: found(weaponNamed(name), name) });
          links.weapons += 1;
        }
        return made;
      },
    );

    await ensure('vehicles', await tx.find(Vehicle, { campaign }), starter.vehicles, byName, (vehicle) =>
      tx.create(Vehicle, {
        campaign,
        user: owner,
        name: vehicle.name,
        color: vehicle.color ?? null,
        faction: factionNamed(vehicle.faction),
        juncture: junctureNamed(vehicle.juncture),
        actionValues: vehicle.values.action_values,
        description: vehicle.values.description,
      }),
    );

    return {
      campaignId: campaign.id,
      campaignCreated,
      campaignOwnedByOther: campaign.gamemaster.id !== owner.id,
      created,
      alreadyThere,
      links,
    };
  });
}

/** The master template campaign, or a new one for `owner` when there is none. */
async function masterTemplate(
  tx: EntityManager,
  owner: User,
  fields: { name: string; description: string },
): Promise<{ campaign: Campaign; created: boolean }> {
  const existing = await tx.findOne(Campaign, { isMasterTemplate: true });
  if (existing) return { campaign: existing, created: false };
  const sameName = await tx.count(Campaign, { gamemaster: owner, name: { $ilike: escapeLike(fields.name) } });
  if (sameName > 0) {
    throw new StarterLoadError(
      `There is no master template campaign, and the owner already runs a campaign named "${fields.name}": ` +
        'rename it, or make it the master template, and run this again',
    );
  }
  const campaign = tx.create(Campaign, {
    gamemaster: owner,
    name: fields.name,
    description: fields.description,
    isMasterTemplate: true,
  });
  await tx.flush();
  return { campaign, created: true };
}

/** A record the checked content links to: always there (prepareStarterContent checked every link). */
function found<T>(record: T | null | undefined, name: string): T {
  if (!record) throw new Error(`The starter content links to a record it does not define: ${name}`);
  return record;
}

function counts(): Record<StarterKind, number> {
  return Object.fromEntries(STARTER_KINDS.map((kind) => [kind, 0])) as Record<StarterKind, number>;
}

/** `text` matched literally by ILIKE. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The summary as lines for the operator: counts and the campaign's id, never row contents. */
export function describeStarterLoad(summary: StarterLoadSummary): string[] {
  const lines = [
    `master template campaign ${summary.campaignId} ${summary.campaignCreated ? 'created' : 'found'}` +
      (summary.campaignOwnedByOther ? ' (it belongs to another gamemaster)' : ''),
  ];
  for (const kind of STARTER_KINDS) {
    lines.push(`${kind}: ${summary.created[kind]} created, ${summary.alreadyThere[kind]} already there`);
  }
  lines.push(
    `links of the new characters: ${summary.links.schticks} schticks, ${summary.links.weapons} weapons`,
  );
  return lines;
}
