import type { EntityManager } from '@mikro-orm/postgresql';
import type { CampaignSeedingKind } from '@shotcaller/contracts';
import { seedingLockKey } from './campaign-seeding.rules.js';

/*
 * One statement per seeding step, each copying the master template's records of one kind that the campaign lacks:
 * records are matched by name, case-insensitively as the unique indexes compare them (schticks by category and
 * name), so a second run copies nothing and what the campaign already has is left as it is. Links are found the
 * same way among the campaign's own records (its faction of the same name...), so the copies point at the copies.
 * Images are not copied: an image belongs to its record in the media service. `seed` binds the campaign (target),
 * the template and the campaign's gamemaster, who owns the copied characters and vehicles.
 */

const SEED = `seed as (select cast(? as uuid) as target, cast(? as uuid) as template, cast(? as uuid) as owner)`;

/** The campaign's record of `kind` with the name of template record `ref` (a left join's condition). */
const sameName = (copy: string, ref: string) =>
  `${copy}.campaign_id = seed.target and lower(${copy}.name) = lower(${ref}.name)`;
const sameSchtick = (copy: string, ref: string) =>
  `${sameName(copy, ref)} and ${copy}.category is not distinct from ${ref}.category`;

const STATEMENTS: Record<CampaignSeedingKind, string> = {
  factions: `
    with ${SEED}
    insert into factions (id, campaign_id, name, description, active)
    select gen_random_uuid(), seed.target, t.name, t.description, t.active
    from seed join factions t on t.campaign_id = seed.template
    where not exists (select 1 from factions c where ${sameName('c', 't')})
    order by t.created_at, t.id
    on conflict do nothing
    returning id`,

  junctures: `
    with ${SEED}
    insert into junctures (id, campaign_id, faction_id, name, description, active)
    select gen_random_uuid(), seed.target, cf.id, t.name, t.description, t.active
    from seed join junctures t on t.campaign_id = seed.template
    left join factions tf on tf.id = t.faction_id
    left join factions cf on ${sameName('cf', 'tf')}
    where not exists (select 1 from junctures c where ${sameName('c', 't')})
    order by t.created_at, t.id
    on conflict do nothing
    returning id`,

  // A prerequisite is another schtick: the one copied in this statement (foreign keys are checked at its end), or
  // the campaign's own of that name.
  schticks: `
    with ${SEED},
    missing as (
      select gen_random_uuid() as new_id, t.*
      from seed join schticks t on t.campaign_id = seed.template
      where not exists (select 1 from schticks c where ${sameSchtick('c', 't')})
    )
    insert into schticks (id, campaign_id, prerequisite_id, name, description, category, path, color, bonus,
      archetypes, active)
    select m.new_id, seed.target,
      coalesce(
        (select mp.new_id from missing mp where mp.id = m.prerequisite_id),
        (select c.id from schticks tp join schticks c on ${sameSchtick('c', 'tp')} where tp.id = m.prerequisite_id)
      ),
      m.name, m.description, m.category, m.path, m.color, m.bonus, m.archetypes, m.active
    from seed, missing m
    order by m.created_at, m.id
    on conflict do nothing
    returning id`,

  weapons: `
    with ${SEED}
    insert into weapons (id, campaign_id, name, description, damage, concealment, reload_value, juncture,
      mook_bonus, category, kachunk, active)
    select gen_random_uuid(), seed.target, t.name, t.description, t.damage, t.concealment, t.reload_value,
      t.juncture, t.mook_bonus, t.category, t.kachunk, t.active
    from seed join weapons t on t.campaign_id = seed.template
    where not exists (select 1 from weapons c where ${sameName('c', 't')})
    order by t.created_at, t.id
    on conflict do nothing
    returning id`,

  // The template characters, with their schticks and weapons: links only for the characters copied now. (A
  // data-modifying WITH runs to completion whether or not the final select reads it.)
  characters: `
    with ${SEED},
    missing as (
      select gen_random_uuid() as new_id, t.*
      from seed join characters t on t.campaign_id = seed.template and t.is_template
      where not exists (select 1 from characters c where ${sameName('c', 't')})
    ),
    copied as (
      insert into characters (id, campaign_id, user_id, faction_id, juncture_id, equipped_weapon_id, name,
        impairments, color, wealth, summary, task, is_template, action_values, description, skills, status, active)
      select m.new_id, seed.target, seed.owner, cf.id, cj.id, cw.id, m.name, m.impairments, m.color, m.wealth,
        m.summary, m.task, m.is_template, m.action_values, m.description, m.skills, m.status, m.active
      from seed cross join missing m
      left join factions tf on tf.id = m.faction_id
      left join factions cf on ${sameName('cf', 'tf')}
      left join junctures tj on tj.id = m.juncture_id
      left join junctures cj on ${sameName('cj', 'tj')}
      left join weapons tw on tw.id = m.equipped_weapon_id
      left join weapons cw on ${sameName('cw', 'tw')}
      order by m.created_at, m.id
      on conflict do nothing
      returning id
    ),
    schtick_links as (
      insert into character_schticks (id, character_id, schtick_id)
      select gen_random_uuid(), copied.id, cs.id
      from seed cross join copied
      join missing m on m.new_id = copied.id
      join character_schticks tl on tl.character_id = m.id
      join schticks ts on ts.id = tl.schtick_id
      join schticks cs on ${sameSchtick('cs', 'ts')}
      on conflict do nothing
      returning id
    ),
    weapon_links as (
      insert into carries (id, character_id, weapon_id)
      select gen_random_uuid(), copied.id, cw.id
      from seed cross join copied
      join missing m on m.new_id = copied.id
      join carries tl on tl.character_id = m.id
      join weapons tw on tw.id = tl.weapon_id
      join weapons cw on ${sameName('cw', 'tw')}
      on conflict do nothing
      returning id
    )
    select id from copied`,

  vehicles: `
    with ${SEED}
    insert into vehicles (id, campaign_id, user_id, faction_id, juncture_id, name, impairments, color, task,
      action_values, description, active)
    select gen_random_uuid(), seed.target, seed.owner, cf.id, cj.id, t.name, t.impairments, t.color, t.task,
      t.action_values, t.description, t.active
    from seed join vehicles t on t.campaign_id = seed.template
    left join factions tf on tf.id = t.faction_id
    left join factions cf on ${sameName('cf', 'tf')}
    left join junctures tj on tj.id = t.juncture_id
    left join junctures cj on ${sameName('cj', 'tj')}
    where not exists (select 1 from vehicles c where ${sameName('c', 't')})
    order by t.created_at, t.id
    on conflict do nothing
    returning id`,
};

export interface SeedingTarget {
  campaignId: string;
  templateId: string;
  ownerId: string;
}

/** Copies the template's records of `kind` the campaign lacks, inside `tx`; answers how many it copied. */
export async function copyKind(
  tx: EntityManager,
  kind: CampaignSeedingKind,
  target: SeedingTarget,
): Promise<number> {
  const rows = await tx.execute<{ id: string }[]>(STATEMENTS[kind], [
    target.campaignId,
    target.templateId,
    target.ownerId,
  ]);
  return rows.length;
}

/** Waits for (and then holds, until `tx` ends) the campaign's seeding lock: see seedingLockKey. */
export async function lockSeeding(tx: EntityManager, campaignId: string): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [seedingLockKey(campaignId)]);
}
