import { randomUUID } from 'node:crypto';
import {
  Subjects,
  type Actor,
  type CharacterView,
  type FightView,
  type PartyView,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Template characters over NATS are an admin's: to the gamemaster and players of a campaign (admins neither) a
 * template is nowhere, not in the character index, nor among the characters the factions, junctures, sites and
 * parties (their indexes, records, `character_ids`) and the characters' own sites and parties show, nor its image
 * positions; its id is answered as an unknown one when they link it, and the lists they send back leave it where an
 * admin put it. An admin sees and links it everywhere.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('templates-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let admin: Actor;

const { characters, factions, junctures, sites, parties, fights, imagePositions } = Subjects.campaign;
const TEMPLATE = 'Killer Template';
let template: string;
let plain: string;
let faction: string;
let juncture: string;
let site: string;
let party: string;

const count = (sql: string, values: unknown[] = []) => world.count(sql, values);
const ok = <T = unknown>(subject: string, payload: object, actor: Actor) =>
  nats.expectOk<T>(subject, payload, { actor });
const refused = (subject: string, payload: object, actor: Actor) =>
  nats.expectError(subject, payload, { actor });

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player } = world);
  admin = await world.registerAdmin();

  faction = (await ok<{ id: string }>(factions.create, { faction: { name: 'The Dragons' } }, gm)).id;
  juncture = (
    await ok<{ id: string }>(
      junctures.create,
      { juncture: { name: 'Contemporary', faction_id: faction } },
      gm,
    )
  ).id;
  const links = { faction_id: faction, juncture_id: juncture };
  template = (
    await ok<CharacterView>(
      characters.create,
      { character: { name: TEMPLATE, is_template: true, ...links } },
      admin,
    )
  ).id;
  plain = (await ok<CharacterView>(characters.create, { character: { name: 'Fei', ...links } }, gm)).id;
  // An admin links the template, as seeding a campaign does with its factions.
  const members = { faction_id: faction, character_ids: [template, plain] };
  site = (await ok<{ id: string }>(sites.create, { site: { name: 'Temple', ...members } }, admin)).id;
  party = (await ok<{ id: string }>(parties.create, { party: { name: 'Posse', ...members } }, admin)).id;
  await ok(
    imagePositions.set,
    {
      positionable_type: 'Character',
      positionable_id: template,
      image_position: { context: 'desktop_index', x_position: 1, y_position: 2 },
    },
    admin,
  );
});

afterAll(async () => {
  await world.stop();
});

/** Every read that shows a campaign's characters, or its records with their characters. */
const reads = () =>
  [
    ['the faction index', factions.list, {}],
    ['a faction', factions.get, { id: faction }],
    ['the juncture index', junctures.list, {}],
    ['a juncture', junctures.get, { id: juncture }],
    ['the site index', sites.list, {}],
    ['the site index by character', sites.list, { character_id: plain }],
    ['a site', sites.get, { id: site }],
    ['the party index', parties.list, {}],
    ['the party index by character', parties.list, { character_id: plain }],
    ['a party', parties.get, { id: party }],
    ['the character index, all of them', characters.list, { template_filter: 'all' }],
    ['the character index by faction', characters.list, { faction_id: faction, template_filter: 'all' }],
    ['the character autocomplete', characters.list, { autocomplete: true, template_filter: 'all' }],
    ["a character, with its sites' and parties' characters", characters.get, { id: plain }],
  ] as const;

/** The ids of the characters announced as records after `before`, once `changes` reloads of them came. */
async function charactersAnnounced(before: number, changes: number): Promise<string[]> {
  await world.publishedAfter(before, changes, (message) => 'characters' in message);
  return world.published
    .slice(before)
    .flatMap((message) => ('character' in message ? [(message.character as CharacterView).id] : []));
}

describe('reading', () => {
  it.each([
    ['the gamemaster', () => gm],
    ['a player', () => player],
  ])('%s (no admin) finds the template in none of them', async (_, who) => {
    const showing = { plain: [] as string[], template: [] as string[] };
    for (const [label, subject, payload] of reads()) {
      const answer = JSON.stringify(await ok(subject, payload, who()));
      if (answer.includes(plain)) showing.plain.push(label);
      if (answer.includes(template) || answer.includes(TEMPLATE)) showing.template.push(label);
    }
    expect(showing).toEqual({ plain: reads().map(([label]) => label), template: [] });
    expect(await refused(characters.get, { id: template }, who())).toMatchObject({ statusCode: 404 });
    const positions = { positionable_type: 'Character', positionable_id: template };
    expect(await refused(imagePositions.list, positions, who())).toMatchObject({ statusCode: 404 });
  });

  it('an admin finds it in every one of them', async () => {
    const showing: string[] = [];
    for (const [label, subject, payload] of reads()) {
      if (JSON.stringify(await ok(subject, payload, admin)).includes(template)) showing.push(label);
    }
    expect(showing).toEqual(reads().map(([label]) => label));
    const lists = await ok<PartyView>(parties.get, { id: party }, admin);
    expect(lists.character_ids.sort()).toEqual([template, plain].sort());
    const positions = { positionable_type: 'Character', positionable_id: template };
    expect(await ok(imagePositions.list, positions, admin)).toHaveLength(1);
  });

  it('filters the site and party indexes by a template only for an admin: to others it ties nothing', async () => {
    const members = { character_ids: [template] };
    await ok(sites.create, { site: { name: 'Hideout', ...members } }, admin);
    await ok(parties.create, { party: { name: 'Shadows', ...members } }, admin);
    const named = async (subject: string, payload: object, actor: Actor) =>
      (
        (await ok<Record<string, { name: string }[]>>(subject, payload, actor))[
          subject === sites.list ? 'sites' : 'parties'
        ] ?? []
      )
        .map(({ name }) => name)
        .sort();
    for (const subject of [sites.list, parties.list]) {
      const [held, onlyTemplate] = subject === sites.list ? ['Temple', 'Hideout'] : ['Posse', 'Shadows'];
      expect(await named(subject, { character_id: template }, gm)).toEqual([]);
      expect(await named(subject, { character_id: template }, admin)).toEqual([onlyTemplate, held].sort());
      // Held only by a template: without a character to anyone who may not see it.
      expect(await named(subject, { character_id: '__NONE__' }, gm)).toContain(onlyTemplate);
      expect(await named(subject, { character_id: '__NONE__' }, admin)).not.toContain(onlyTemplate);
    }
  });

  it("announces an admin's change of a record listing a template as a reload only; the gamemaster's as the record", async () => {
    const before = await world.settled();
    await ok(parties.update, { id: party, party: { description: 'Admin notes' } }, admin);
    await ok(parties.update, { id: party, party: { description: 'GM notes' } }, gm);
    await world.publishedAfter(before, 2, (message) => 'parties' in message);
    const announced = world.published.slice(before).filter((message) => !('characters' in message));
    expect(announced).toEqual([
      { parties: 'reload' },
      { party: expect.objectContaining({ id: party, description: 'GM notes', character_ids: [plain] }) },
      { parties: 'reload' },
    ]);
  });

  it("announces a template's change as a reload only: every member follows the campaign's subject", async () => {
    const before = await world.settled();
    await ok(characters.update, { id: template, character: { color: 'red' } }, admin);
    await ok(characters.update, { id: plain, character: { color: 'blue' } }, gm);
    const announced = await charactersAnnounced(before, 2);
    expect(announced).toEqual([plain]);
  });

  it("announces an admin's change of a character whose sites or parties show a template as a reload only", async () => {
    const solo = (await ok<CharacterView>(characters.create, { character: { name: 'Solo' } }, gm)).id;
    const before = await world.settled();
    // Fei is attuned to the Temple and in the Posse, both with the template; Solo is in neither.
    await ok(characters.update, { id: plain, character: { color: 'green' } }, admin);
    await ok(characters.update, { id: solo, character: { color: 'green' } }, admin);
    const announced = await charactersAnnounced(before, 2);
    expect(announced).toEqual([solo]);
  });
});

describe('linking (the gamemaster, no admin)', () => {
  it('a template is as unknown as an id the campaign lacks, nothing written', async () => {
    const unknown = randomUUID();
    const fight = await ok<FightView>(fights.create, { fight: { name: 'Ambush' } }, gm);
    for (const [subject, payload] of [
      [parties.update, (id: string) => ({ id: party, party: { character_ids: [plain, id] } })],
      [sites.update, (id: string) => ({ id: site, site: { character_ids: [plain, id] } })],
      [junctures.update, (id: string) => ({ id: juncture, juncture: { character_ids: [plain, id] } })],
      [factions.update, (id: string) => ({ id: faction, faction: { character_ids: [plain, id] } })],
      [fights.update, (id: string) => ({ id: fight.id, fight: { character_ids: [plain, id] } })],
      [fights.create, (id: string) => ({ fight: { name: 'Brawl', character_ids: [id] } })],
    ] as const) {
      const asUnknown = await refused(subject, payload(unknown), gm);
      expect(asUnknown).toMatchObject({
        statusCode: 422,
        details: { errors: { character_ids: expect.any(Array) } },
      });
      expect(await refused(subject, payload(template), gm)).toEqual(asUnknown);
    }
    for (const body of [{ character_id: template }, { character_id: unknown }]) {
      expect(await refused(parties.addMember, { id: party, ...body }, gm)).toMatchObject({ statusCode: 404 });
    }
    expect(await refused(parties.removeMember, { id: party, member_id: template }, gm)).toMatchObject({
      statusCode: 404,
    });
    expect(await count('from shots where fight_id = $1', [fight.id])).toBe(0);
    expect(await count("from fights where name = 'Brawl'")).toBe(0);
    expect(await count('from party_memberships where party_id = $1', [party])).toBe(2);
  });

  it('the lists they send back leave the template where an admin put it', async () => {
    const answered = await ok<PartyView>(
      parties.update,
      { id: party, party: { character_ids: [plain] } },
      gm,
    );
    expect(answered.character_ids).toEqual([plain]);
    await ok(sites.update, { id: site, site: { character_ids: [plain] } }, gm);
    await ok(factions.update, { id: faction, faction: { character_ids: [plain] } }, gm);
    await ok(junctures.update, { id: juncture, juncture: { character_ids: [plain] } }, gm);
    const { rows } = await world.db.query(
      `select faction_id, juncture_id,
         exists (select 1 from party_memberships where party_id = $2 and character_id = c.id) as in_party,
         exists (select 1 from attunements where site_id = $3 and character_id = c.id) as attuned
       from characters c where id = $1`,
      [template, party, site],
    );
    expect(rows).toEqual([{ faction_id: faction, juncture_id: juncture, in_party: true, attuned: true }]);
    // Even an empty list: it empties what they see.
    await ok(parties.update, { id: party, party: { character_ids: [] } }, gm);
    expect(await count('from party_memberships where party_id = $1', [party])).toBe(1);
    await ok(parties.update, { id: party, party: { character_ids: [plain] } }, gm);
  });

  it('a party joins a fight without its template, unless an admin brings it', async () => {
    const fight = await ok<FightView>(fights.create, { fight: { name: 'Showdown' } }, gm);
    await ok(fights.addParty, { party_id: party, fight_id: fight.id }, gm);
    const shotsOf = (id: string) =>
      count('from shots where fight_id = $1 and character_id = $2', [fight.id, id]);
    expect([await shotsOf(plain), await shotsOf(template)]).toEqual([1, 0]);
    await ok(fights.addParty, { party_id: party, fight_id: fight.id }, admin);
    expect([await shotsOf(plain), await shotsOf(template)]).toEqual([1, 1]);
    // In the fight (an admin put it there) the gamemaster may send it back; it keeps its shot.
    const kept = await ok<FightView>(
      fights.update,
      { id: fight.id, fight: { character_ids: [plain, template] } },
      gm,
    );
    expect(kept.character_ids.sort()).toEqual([plain, template].sort());
  });

  it('an admin links and unlinks a template', async () => {
    const added = await ok<PartyView>(
      parties.update,
      { id: party, party: { character_ids: [plain, template] } },
      admin,
    );
    expect(added.character_ids.sort()).toEqual([plain, template].sort());
    const removed = await ok<PartyView>(parties.removeMember, { id: party, member_id: template }, admin);
    expect(removed.character_ids).toEqual([plain]);
    const back = await ok<PartyView>(parties.addMember, { id: party, character_id: template }, admin);
    expect(back.character_ids.sort()).toEqual([plain, template].sort());
  });
});

describe('deleting', () => {
  it('counts a template among the characters of a record for an admin only: to others it holds none', async () => {
    const members = { character_ids: [template] };
    const lone = (await ok<{ id: string }>(parties.create, { party: { name: 'Lone', ...members } }, admin))
      .id;
    expect(await refused(parties.delete, { id: lone }, admin)).toMatchObject({
      statusCode: 422,
      details: { error_type: 'associations_exist', constraints: { characters: { count: 1 } } },
    });
    // The gamemaster sees no character in it: deleted without force, the template's link with it.
    await ok(parties.delete, { id: lone }, gm);
    expect(await count('from parties where id = $1', [lone])).toBe(0);
    expect(await count('from characters where id = $1', [template])).toBe(1);

    const attuned = (await ok<{ id: string }>(sites.create, { site: { name: 'Shrine', ...members } }, admin))
      .id;
    await ok(sites.delete, { id: attuned }, gm);
    expect(await count('from sites where id = $1', [attuned])).toBe(0);
    // A record with a character they see is refused as ever, the template not counted.
    expect(await refused(parties.delete, { id: party }, gm)).toMatchObject({
      statusCode: 422,
      details: { constraints: { characters: { count: 1 } } },
    });
  });
});
