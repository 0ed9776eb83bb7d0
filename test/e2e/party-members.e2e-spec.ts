import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { expectNoStackTrace, signUp, type Account, type Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let admin: Account;
let campaignId: string;

/**
 * A party's members one at a time through the gateway, as the Next.js client's partyClient calls them
 * (`POST /api/v2/parties/:id/members {character_id | vehicle_id}`, `DELETE /api/v2/parties/:id/members/:member_id`):
 * the gamemaster adds and removes, a player may not, an outsider finds nothing; and template characters, which
 * are an admin's: the gamemaster's template id is answered as an unknown one, and only an admin sees it in a party.
 * Hostile input (unreadable ids, bodies past the limits, another campaign's records) is refused with nothing changed.
 */
beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-party-members'));
  admin = await signUp(stack);
  await stack.db.query('update users set admin = true where id = $1', [admin.id]);
  expect((await as(admin).post('/api/v2/campaigns/current').send({ id: campaignId })).status).toBe(200);
});

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);
const members = (partyId: string) => `/api/v2/parties/${partyId}/members`;

async function createParty(name: string, account = gm): Promise<string> {
  const created = await as(account).post('/api/v2/parties').send({ party: { name } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function createVehicle(account: Account, name: string): Promise<string> {
  const created = await as(account).post('/api/v2/vehicles').send({ vehicle: { name } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function createCharacter(account: Account, character: Record<string, unknown>): Promise<string> {
  const created = await as(account).post('/api/v2/characters').send({ character });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('party members through the gateway', () => {
  let partyId = '';
  let feiId = '';
  let vehicleId = '';

  beforeAll(async () => {
    partyId = await createParty('Posse');
    feiId = await createCharacter(gm, { name: 'Fei' });
    vehicleId = await createVehicle(gm, 'Junk');
  });

  it('lets the gamemaster add a character and a vehicle (201), answering the party', async () => {
    const character = await as(gm).post(members(partyId)).send({ character_id: feiId });
    expect(character.status).toBe(201);
    expect(character.body).toMatchObject({
      id: partyId,
      entity_class: 'Party',
      character_ids: [feiId],
      characters: [{ id: feiId, name: 'Fei', entity_class: 'Character' }],
    });
    const vehicle = await as(gm).post(members(partyId)).send({ vehicle_id: vehicleId });
    expect(vehicle.status).toBe(201);
    expect(vehicle.body).toMatchObject({ character_ids: [feiId], vehicle_ids: [vehicleId] });
    expect((await as(player).get(`/api/v2/parties/${partyId}`)).body.vehicle_ids).toEqual([vehicleId]);
  });

  it('answers bad bodies and a member already in the party with 422, unknown ids with 404', async () => {
    const again = await as(gm).post(members(partyId)).send({ character_id: feiId });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ errors: { character_id: ['is already in this party'] } });
    for (const body of [{}, { character_id: feiId, vehicle_id: vehicleId }, { character_id: 'fei' }]) {
      const refused = await as(gm).post(members(partyId)).send(body);
      expect({ body, status: refused.status }).toEqual({ body, status: 422 });
      expect(Object.keys(refused.body.errors as object).length).toBeGreaterThan(0);
    }
    const unknownCharacter = await as(gm).post(members(partyId)).send({ character_id: randomUUID() });
    expect(unknownCharacter.status).toBe(404);
    expect(unknownCharacter.body).toMatchObject({ error: 'Record not found' });
    expect((await as(gm).post(members(randomUUID())).send({ character_id: feiId })).status).toBe(404);
    expect((await as(gm).post(members('posse')).send({ character_id: feiId })).status).toBe(404);
  });

  it('refuses a player (403) and hides the party from an outsider (404), adding or removing', async () => {
    const newcomer = await createCharacter(player, { name: 'Jun' });
    expect((await as(player).post(members(partyId)).send({ character_id: newcomer })).status).toBe(403);
    expect((await as(player).delete(`${members(partyId)}/${feiId}`)).status).toBe(403);
    expect((await as(outsider).post(members(partyId)).send({ character_id: newcomer })).status).toBe(404);
    expect((await as(outsider).delete(`${members(partyId)}/${feiId}`)).status).toBe(404);
    expect((await as(gm).get(`/api/v2/parties/${partyId}`)).body.character_ids).toEqual([feiId]);
  });

  it('lets the gamemaster remove a member by its membership or by the vehicle (200, the party)', async () => {
    const { rows } = await stack.db.query<{ id: string }>(
      'select id from party_memberships where party_id = $1 and character_id = $2',
      [partyId, feiId],
    );
    const byMembership = await as(gm).delete(`${members(partyId)}/${rows[0].id}`);
    expect(byMembership.status).toBe(200);
    expect(byMembership.body).toMatchObject({ id: partyId, character_ids: [], vehicle_ids: [vehicleId] });
    const byVehicle = await as(gm).delete(`${members(partyId)}/${vehicleId}`);
    expect(byVehicle.status).toBe(200);
    expect(byVehicle.body).toMatchObject({ character_ids: [], vehicle_ids: [] });
    expect((await as(gm).delete(`${members(partyId)}/${vehicleId}`)).status).toBe(404);
  });
});

describe('template characters, an admin’s only', () => {
  let partyId = '';
  let templateId = '';
  let feiId = '';

  beforeAll(async () => {
    partyId = await createParty('Villains');
    templateId = await createCharacter(admin, { name: 'Killer Template', is_template: true });
    feiId = await createCharacter(gm, { name: 'Fei Too' });
  });

  it('answers the gamemaster’s template id as an unknown one (404), and lets an admin add it', async () => {
    const unknown = await as(gm).post(members(partyId)).send({ character_id: randomUUID() });
    const template = await as(gm).post(members(partyId)).send({ character_id: templateId });
    expect(template.status).toBe(404);
    expect(template.body).toEqual(unknown.body);
    const byAdmin = await as(admin).post(members(partyId)).send({ character_id: templateId });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.character_ids).toEqual([templateId]);
  });

  it('shows the template in the party to the admin only; the gamemaster may not take it out (404)', async () => {
    expect((await as(gm).post(members(partyId)).send({ character_id: feiId })).status).toBe(201);
    for (const account of [gm, player]) {
      const party = await as(account).get(`/api/v2/parties/${partyId}`);
      expect(party.body.character_ids).toEqual([feiId]);
      const index = await as(account).get(`/api/v2/parties?search=villains`);
      expect(JSON.stringify(index.body)).not.toContain(templateId);
      expect(JSON.stringify(index.body)).toContain(feiId);
    }
    const seen = await as(admin).get(`/api/v2/parties/${partyId}`);
    expect([...seen.body.character_ids].sort()).toEqual([feiId, templateId].sort());
    expect((await as(gm).delete(`${members(partyId)}/${templateId}`)).status).toBe(404);
    // The whole list the gamemaster sends back (as the client's form does) leaves the template in.
    const saved = await as(gm)
      .patch(`/api/v2/parties/${partyId}`)
      .send({ party: { name: 'Villains', character_ids: [feiId] } });
    expect(saved.status).toBe(200);
    const again = await as(admin).get(`/api/v2/parties/${partyId}`);
    expect([...again.body.character_ids].sort()).toEqual([feiId, templateId].sort());
  });
});

describe('hostile input to the party member routes', () => {
  let rival: Account;
  let crewId = '';
  let meiId = '';
  let sampanId = '';
  let crewMembershipId = '';
  let backupMembershipId = '';
  let kaiId = '';
  let loId = '';
  let syndicateId = '';
  let snakeId = '';
  let hearseId = '';
  let rivalMembershipId = '';

  /** Every membership of every party, and when each party last changed: what a refusal must leave alone. */
  async function stored(): Promise<{ memberships: unknown[]; parties: unknown[] }> {
    const memberships = await stack.db.query(
      'select id, party_id, character_id, vehicle_id from party_memberships order by id',
    );
    const parties = await stack.db.query('select id, updated_at from parties order by id');
    return { memberships: memberships.rows, parties: parties.rows };
  }

  /** Adds a member as `account` (the gamemaster of the party's campaign); the membership's id. */
  async function addMember(account: Account, partyId: string, member: Record<string, string>) {
    const added = await as(account).post(members(partyId)).send(member);
    expect(added.status).toBe(201);
    const [memberId] = Object.values(member);
    const { rows } = await stack.db.query<{ id: string }>(
      'select id from party_memberships where party_id = $1 and (character_id = $2 or vehicle_id = $2)',
      [partyId, memberId],
    );
    return rows[0].id;
  }

  /** A refusal as a client reads it: this status and code, a message, and no stack trace. */
  function expectRefused(what: unknown, response: Response, status: number, code: string): void {
    expect({ what, status: response.status, code: response.body.code }).toEqual({ what, status, code });
    expect(response.body).toMatchObject({ status, message: expect.any(String) });
    expectNoStackTrace(response.body);
  }

  beforeAll(async () => {
    crewId = await createParty('Crew');
    meiId = await createCharacter(gm, { name: 'Mei' });
    crewMembershipId = await addMember(gm, crewId, { character_id: meiId });
    sampanId = await createVehicle(gm, 'Sampan');
    await addMember(gm, crewId, { vehicle_id: sampanId });
    kaiId = await createCharacter(gm, { name: 'Kai' });
    backupMembershipId = await addMember(gm, await createParty('Backup'), { character_id: kaiId });
    // In no party: a request naming Lo that were let through would add a membership.
    loId = await createCharacter(gm, { name: 'Lo' });

    // The gamemaster of another campaign, with a character, a vehicle and a party of their own.
    rival = await signUp(stack);
    const campaign = await as(rival)
      .post('/api/v2/campaigns')
      .send({ campaign: { name: 'Rival Syndicate' } });
    expect(campaign.status).toBe(201);
    expect((await as(rival).post('/api/v2/campaigns/current').send({ id: campaign.body.id })).status).toBe(
      200,
    );
    syndicateId = await createParty('Syndicate', rival);
    snakeId = await createCharacter(rival, { name: 'Snake' });
    hearseId = await createVehicle(rival, 'Hearse');
    rivalMembershipId = await addMember(rival, syndicateId, { character_id: snakeId });
  });

  it('refuses a NUL or a lone surrogate in the party id or the member id of the path (400), changing nothing', async () => {
    const before = await stored();
    for (const path of [
      members('%00'),
      members(`${crewId}%00`),
      members('%ED%A0%80'),
      members(`${crewId}%ED%B0%80`),
    ]) {
      expectRefused(path, await as(gm).post(path).send({ character_id: loId }), 400, 'malformed_request');
    }
    for (const path of [
      `${members(crewId)}/%00`,
      `${members(crewId)}/${meiId}%00`,
      `${members(crewId)}/${crewMembershipId}%ED%A0%80`,
      `${members(crewId)}/%ED%BF%BF`,
      `${members(`${crewId}%00`)}/${meiId}`,
      `${members('%ED%A0%80')}/${sampanId}`,
    ]) {
      expectRefused(path, await as(gm).delete(path), 400, 'malformed_request');
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a NUL or a lone surrogate in character_id or vehicle_id (422 on the field), changing nothing', async () => {
    const before = await stored();
    for (const body of [
      { character_id: `${loId}\u0000` },
      { character_id: '\u0000' },
      { character_id: `${loId}\ud800` },
      { vehicle_id: `\udc00${sampanId}` },
      { vehicle_id: 'a\u0000b' },
    ]) {
      const refused = await as(gm).post(members(crewId)).send(body);
      expectRefused(body, refused, 422, 'validation_failed');
      expect(Object.keys(refused.body.errors as object)).toEqual(Object.keys(body));
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a body nested thousands of levels deep (400) and a huge array in it (413), changing nothing', async () => {
    const before = await stored();
    // Written by repetition: JSON.stringify of a value this deep overflows the test's own stack.
    const nested = `${'{"a":'.repeat(5000)}"${loId}"${'}'.repeat(5000)}`;
    const deep = [
      ['a deep character_id', `{"character_id":${nested}}`],
      ['a deep unknown field', `{"character_id":"${loId}","zz_note":${nested}}`],
      ['deep arrays', `{"character_id":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ];
    for (const [what, text] of deep) {
      const refused = await as(gm).post(members(crewId)).set('Content-Type', 'application/json').send(text);
      expectRefused(what, refused, 400, 'malformed_request');
    }
    const ids = Array.from({ length: 5000 }, () => loId);
    for (const body of [{ character_id: ids }, { character_id: loId, zz_ids: ids }]) {
      expectRefused('a huge array', await as(gm).post(members(crewId)).send(body), 413, 'payload_too_large');
    }
    // A body that is a list is not a JSON object, whatever its length.
    const array = Array.from({ length: 5000 }, () => ({ character_id: loId }));
    expectRefused(
      'a huge array as the body',
      await as(gm).post(members(crewId)).send(array),
      400,
      'malformed_request',
    );
    expect(await stored()).toEqual(before);
  });

  it('refuses both a character and a vehicle, or neither, sent as null, blank or a list (422), changing nothing', async () => {
    const before = await stored();
    for (const body of [
      { character_id: loId, vehicle_id: null },
      { character_id: null, vehicle_id: sampanId },
      { character_id: null },
      { vehicle_id: null },
      { character_id: null, vehicle_id: null },
      { character_id: '' },
      { character_id: '', vehicle_id: '' },
      { character_ids: [loId] },
      { character_id: [loId] },
    ]) {
      const refused = await as(gm).post(members(crewId)).send(body);
      expectRefused(body, refused, 422, 'validation_failed');
      expect(Object.keys(refused.body.errors as object).length).toBeGreaterThan(0);
    }
    expect(await stored()).toEqual(before);
  });

  it('lets the gamemaster of another campaign neither add to this campaign’s party nor take its records into theirs (404)', async () => {
    const before = await stored();
    const attempts: [string, string, Record<string, string>][] = [
      ['their character into this party', crewId, { character_id: snakeId }],
      ['their vehicle into this party', crewId, { vehicle_id: hearseId }],
      ['this campaign’s character into their party', syndicateId, { character_id: loId }],
      ['this campaign’s vehicle into their party', syndicateId, { vehicle_id: sampanId }],
      ['this campaign’s character named as a vehicle', syndicateId, { vehicle_id: loId }],
    ];
    for (const [what, partyId, body] of attempts) {
      expectRefused(what, await as(rival).post(members(partyId)).send(body), 404, 'not_found');
    }
    // And the other way round: this campaign's gamemaster names the rival's records.
    expectRefused(
      'their character',
      await as(gm).post(members(crewId)).send({ character_id: snakeId }),
      404,
      'not_found',
    );
    expectRefused(
      'their vehicle',
      await as(gm).post(members(crewId)).send({ vehicle_id: hearseId }),
      404,
      'not_found',
    );
    expectRefused(
      'their party',
      await as(gm).post(members(syndicateId)).send({ character_id: loId }),
      404,
      'not_found',
    );
    expect(await stored()).toEqual(before);
  });

  it('takes no membership of another party out through a party’s path (404), whoever asks', async () => {
    const before = await stored();
    const attempts: [string, Account, string][] = [
      [
        'this party’s membership, through the rival’s party',
        rival,
        `${members(syndicateId)}/${crewMembershipId}`,
      ],
      ['this party’s character, through the rival’s party', rival, `${members(syndicateId)}/${meiId}`],
      ['this party’s vehicle, through the rival’s party', rival, `${members(syndicateId)}/${sampanId}`],
      ['this party’s membership, by the rival, through it', rival, `${members(crewId)}/${crewMembershipId}`],
      ['the rival party’s membership, through this party', gm, `${members(crewId)}/${rivalMembershipId}`],
      ['the rival party’s character, through this party', gm, `${members(crewId)}/${snakeId}`],
      ['the rival party’s membership, through it', gm, `${members(syndicateId)}/${rivalMembershipId}`],
      ['another party’s membership of this campaign', gm, `${members(crewId)}/${backupMembershipId}`],
      ['another party’s character of this campaign', gm, `${members(crewId)}/${kaiId}`],
    ];
    for (const [what, account, path] of attempts) {
      expectRefused(what, await as(account).delete(path), 404, 'not_found');
    }
    expect(await stored()).toEqual(before);
    expect((await as(gm).get(`/api/v2/parties/${crewId}`)).body).toMatchObject({
      character_ids: [meiId],
      vehicle_ids: [sampanId],
    });
  });
});
