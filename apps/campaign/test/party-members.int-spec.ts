import { randomUUID } from 'node:crypto';
import { NatsHeader, Subjects, type Actor, type PartyView } from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * A party's members one at a time over NATS (`campaign.parties.add_member` / `remove_member`, the client's
 * addCharacterToParty, addVehicleToParty and their removals): the gamemaster adds a character or a vehicle of the
 * campaign, or takes one out (named by its membership, or the character or vehicle), answered the party and
 * announced once committed; a player is refused (403), an id the campaign lacks is 404, a member already in it
 * 422, a payload naming no member or two 400; nothing is written when refused.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('party-members-int'));
let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;
let party: PartyView;
let fei: string;
let jun: string;
let junk: string;
let foreignCharacter: string;
let foreignParty: string;

const { parties } = Subjects.campaign;
const add = (payload: object, actor = gm) => nats.expectOk<PartyView>(parties.addMember, payload, { actor });
const remove = (payload: object, actor = gm) =>
  nats.expectOk<PartyView>(parties.removeMember, payload, { actor });
const refusedAdd = (payload: object, actor = gm) => nats.expectError(parties.addMember, payload, { actor });
const refusedRemove = (payload: object, actor = gm) =>
  nats.expectError(parties.removeMember, payload, { actor });
const members = () => world.count('from party_memberships where party_id = $1', [party.id]);
const partyMessages = (message: Record<string, unknown>) => 'party' in message || 'parties' in message;

beforeAll(async () => {
  await world.start();
  ({ nats, gm, player, stranger } = world);
  party = await nats.expectOk<PartyView>(parties.create, { party: { name: 'Posse' } }, { actor: gm });
  fei = await world.insertCharacter('Fei');
  jun = await world.insertCharacter('Jun');
  junk = await world.insertRecord('vehicles', 'Junk');
  foreignCharacter = await world.insertRecord('characters', 'Stranger', world.own.id);
  foreignParty = (
    await nats.expectOk<PartyView>(parties.create, { party: { name: 'Theirs' } }, { actor: stranger })
  ).id;
});

afterAll(async () => {
  await world.stop();
});

describe('adding', () => {
  it('the gamemaster adds a character, answered the party and announced after the commit', async () => {
    const before = await world.settled();
    const answered = await add({ id: party.id, character_id: fei });
    expect(answered).toMatchObject({
      id: party.id,
      entity_class: 'Party',
      character_ids: [fei],
      characters: [{ id: fei, name: 'Fei', entity_class: 'Character' }],
      vehicle_ids: [],
    });
    expect(await world.publishedAfter(before, 2, partyMessages)).toEqual([
      { party: answered },
      { parties: 'reload' },
    ]);
    const read = await nats.expectOk<PartyView>(parties.get, { id: party.id }, { actor: player });
    expect(read.character_ids).toEqual([fei]);
  });

  it('and a vehicle, then another character', async () => {
    expect((await add({ id: party.id, vehicle_id: junk })).vehicle_ids).toEqual([junk]);
    const answered = await add({ id: party.id, character_id: jun });
    expect(answered.character_ids).toEqual([fei, jun]);
    expect(await members()).toBe(3);
  });

  it('refuses a member already in the party (422 on its field)', async () => {
    expect(await refusedAdd({ id: party.id, character_id: fei })).toMatchObject({
      statusCode: 422,
      details: { errors: { character_id: ['is already in this party'] } },
    });
    expect(await refusedAdd({ id: party.id, vehicle_id: junk })).toMatchObject({
      statusCode: 422,
      details: { errors: { vehicle_id: ['is already in this party'] } },
    });
    expect(await members()).toBe(3);
  });

  it('answers 404 for a party, character or vehicle the campaign does not have', async () => {
    for (const payload of [
      { id: randomUUID(), character_id: fei },
      { id: foreignParty, character_id: fei },
      { id: party.id, character_id: randomUUID() },
      { id: party.id, character_id: foreignCharacter },
      { id: party.id, vehicle_id: randomUUID() },
    ]) {
      expect(await refusedAdd(payload)).toMatchObject({ statusCode: 404 });
    }
    expect(await members()).toBe(3);
  });

  it('refuses a payload naming no member, two, or ids that are not ids (400)', async () => {
    for (const payload of [
      { id: party.id },
      { id: party.id, character_id: fei, vehicle_id: junk },
      { id: party.id, character_id: 'fei' },
      { id: 'posse', character_id: fei },
    ]) {
      expect(await refusedAdd(payload)).toMatchObject({ statusCode: 400, code: 'invalid_payload' });
    }
  });

  it('lets only the gamemaster add: a player is refused (403), an outsider finds nothing (404)', async () => {
    const fresh = await world.insertCharacter('Gao');
    expect(await refusedAdd({ id: party.id, character_id: fresh }, player)).toMatchObject({
      statusCode: 403,
    });
    expect(await refusedAdd({ id: party.id, character_id: fresh }, stranger)).toMatchObject({
      statusCode: 404,
    });
    expect(await members()).toBe(3);
  });

  it('with an Idempotency-Key, a retry gets the first answer rather than a 422', async () => {
    const gao = await world.insertCharacter('Gao Zhang');
    const headers = { [NatsHeader.IdempotencyKey]: `member-${Date.now()}` };
    const request = () =>
      nats.expectOk<PartyView>(
        parties.addMember,
        { id: party.id, character_id: gao },
        { actor: gm, headers },
      );
    const first = await request();
    expect(await request()).toEqual(first);
    expect(await members()).toBe(4);
    await remove({ id: party.id, member_id: gao });
  });
});

describe('removing', () => {
  it('by the membership, as the client sends it, answered the party and announced after the commit', async () => {
    const { rows } = await world.db.query<{ id: string }>(
      'select id from party_memberships where party_id = $1 and character_id = $2',
      [party.id, jun],
    );
    const before = await world.settled();
    const answered = await remove({ id: party.id, member_id: rows[0].id });
    expect(answered.character_ids).toEqual([fei]);
    expect(await world.publishedAfter(before, 2, partyMessages)).toEqual([
      { party: answered },
      { parties: 'reload' },
    ]);
  });

  it('by the character or vehicle in it', async () => {
    expect((await remove({ id: party.id, member_id: junk })).vehicle_ids).toEqual([]);
    expect((await remove({ id: party.id, member_id: fei })).character_ids).toEqual([]);
    expect(await members()).toBe(0);
    expect(await world.count('from characters where id = any($1)', [[fei, jun]])).toBe(2);
  });

  it('answers 404 for a member not in the party, or a party the campaign does not have', async () => {
    await add({ id: party.id, character_id: fei });
    for (const payload of [
      { id: party.id, member_id: jun },
      { id: party.id, member_id: randomUUID() },
      { id: foreignParty, member_id: fei },
      { id: randomUUID(), member_id: fei },
    ]) {
      expect(await refusedRemove(payload)).toMatchObject({ statusCode: 404 });
    }
    expect(await members()).toBe(1);
  });

  it('lets only the gamemaster remove (a player: 403), and refuses a member id that is no id (400)', async () => {
    expect(await refusedRemove({ id: party.id, member_id: fei }, player)).toMatchObject({ statusCode: 403 });
    expect(await refusedRemove({ id: party.id, member_id: 'fei' })).toMatchObject({
      statusCode: 400,
      code: 'invalid_payload',
    });
    expect(await members()).toBe(1);
  });
});
