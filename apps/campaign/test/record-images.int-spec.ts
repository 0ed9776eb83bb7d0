import type { Msg, Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  natsSubject,
  NatsHeader,
  publicImagePath,
  Subjects,
  type Actor,
  type CharacterLiteView,
  type CharacterView,
  type CharactersIndexView,
  type EncounterView,
  type ErrorPayload,
  type FactionView,
  type FightView,
  type ImageEntityType,
  type RecordImageView,
  type ReferencedImagesView,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * Record images over NATS, as the gateway asks after an upload (`campaign.images.set`) and the media service asks
 * in its cleanup (`campaign.images.referenced`), against real PostgreSQL and NATS. The media service is played by
 * a responder on its subjects here, which keeps what it was asked and answers as its contract says.
 */

const env = new TestEnvironment('record-images-int');
const world = new CampaignRecordsWorld(env);
const BASE_URL = 'https://cdn.example.com/shotcaller';
const urlOf = (imageId: string) => `${BASE_URL}${publicImagePath(imageId)}`;

let nats: NatsRequester;
let gm: Actor;
let player: Actor;
let stranger: Actor;

/** What the stand-in media service was asked. */
interface Asked {
  subject: string;
  data: Record<string, unknown>;
  token: string | undefined;
}
const asked: Asked[] = [];
/** How the stand-in answers `media.images.attach`: the image, or a refusal. */
let attachRefusal: ErrorPayload | undefined;
const responders: Subscription[] = [];

/** Answers a Nest request packet as a Nest service would: `{id, response}` or `{id, err}`. */
function respond(message: Msg, answer: (data: Record<string, unknown>) => unknown): void {
  const packet = message.json<{ id: string; data: Record<string, unknown> }>();
  asked.push({
    subject: message.subject,
    data: packet.data,
    token: message.headers?.get(NatsHeader.ActorToken) || undefined,
  });
  const result = answer(packet.data);
  const reply =
    result instanceof Error
      ? { id: packet.id, err: attachRefusal, isDisposed: true }
      : { id: packet.id, response: result, isDisposed: true };
  message.respond(JSON.stringify(reply));
}

function standInFor(subject: string, answer: (data: Record<string, unknown>) => unknown): Subscription {
  const subscription = nats.connection.subscribe(natsSubject(subject, env.subjectPrefix), {
    callback: (error, message) => {
      if (!error) respond(message, answer);
    },
  });
  responders.push(subscription);
  return subscription;
}

function standInForRelease(): Subscription {
  return standInFor(Subjects.media.images.release, (data) => ({
    deleted: (data.image_ids as string[]).length,
  }));
}

const attaches = () => asked.filter((entry) => entry.subject.endsWith(Subjects.media.images.attach));
const releases = () => asked.filter((entry) => entry.subject.endsWith(Subjects.media.images.release));

const setImage = (entity_type: ImageEntityType, entity_id: string, image_id: string | null, actor = gm) =>
  nats.expectOk<RecordImageView>(
    Subjects.campaign.images.set,
    { entity_type, entity_id, image_id },
    { actor },
  );
const refusedImage = (entity_type: ImageEntityType, entity_id: string, image_id: string | null, actor = gm) =>
  nats.expectError(Subjects.campaign.images.set, { entity_type, entity_id, image_id }, { actor });

/** The records of the campaign, one of each kind (the character is the player's). */
const records = {} as Record<ImageEntityType, string>;

/** The subjects that read a kind's record, and the key its realtime message names it by. */
const KINDS: Record<ImageEntityType, { get: string; entity: string; plural: string }> = {
  Character: { get: Subjects.campaign.characters.get, entity: 'character', plural: 'characters' },
  Vehicle: { get: Subjects.campaign.vehicles.get, entity: 'vehicle', plural: 'vehicles' },
  Weapon: { get: Subjects.campaign.weapons.get, entity: 'weapon', plural: 'weapons' },
  Schtick: { get: Subjects.campaign.schticks.get, entity: 'schtick', plural: 'schticks' },
  Faction: { get: Subjects.campaign.factions.get, entity: 'faction', plural: 'factions' },
  Juncture: { get: Subjects.campaign.junctures.get, entity: 'juncture', plural: 'junctures' },
  Site: { get: Subjects.campaign.sites.get, entity: 'site', plural: 'sites' },
  Party: { get: Subjects.campaign.parties.get, entity: 'party', plural: 'parties' },
  Fight: { get: Subjects.campaign.fights.get, entity: 'fight', plural: 'fights' },
};

const TABLES: Record<ImageEntityType, string> = {
  Character: 'characters',
  Vehicle: 'vehicles',
  Weapon: 'weapons',
  Schtick: 'schticks',
  Faction: 'factions',
  Juncture: 'junctures',
  Site: 'sites',
  Party: 'parties',
  Fight: 'fights',
};

const getRecord = <V = { image_url: string | null; updated_at: string }>(
  type: ImageEntityType,
  id: string,
  actor = gm,
) => nats.expectOk<V>(KINDS[type].get, { id }, { actor });

async function storedImage(type: ImageEntityType, id: string): Promise<string | null> {
  const { rows } = await world.db.query<{ image_id: string | null }>(
    `select image_id from ${TABLES[type]} where id = $1`,
    [id],
  );
  return rows[0].image_id;
}

async function positionRecord(type: ImageEntityType, id: string): Promise<void> {
  await world.db.query(
    `insert into image_positions (id, campaign_id, positionable_type, positionable_id, context, x_position)
     values (gen_random_uuid(), $1, $2, $3, 'desktop_index', 12.5), (gen_random_uuid(), $1, $2, $3, 'mobile_entity', 3)
     on conflict do nothing`,
    [world.campaign.id, type, id],
  );
}

const positionsOf = (type: ImageEntityType, id: string) =>
  world.count('from image_positions where positionable_type = $1 and positionable_id = $2', [type, id]);

async function insertRecord(table: string, name: string, extra = '', values: unknown[] = []) {
  const columns = extra ? `, ${extra}` : '';
  const placeholders = values.map((_, index) => `, $${index + 3}`).join('');
  const { rows } = await world.db.query<{ id: string }>(
    `insert into ${table} (id, campaign_id, name${columns}) values (gen_random_uuid(), $1, $2${placeholders}) returning id`,
    [world.campaign.id, name, ...values],
  );
  return rows[0].id;
}

/** Nothing asked of media, published or written since `before`. */
async function nothingHappened(before: { asked: number; published: number }) {
  // A change would have been announced at its commit, before its answer: a moment is enough to see none.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(asked.slice(before.asked)).toEqual([]);
  expect(world.published.slice(before.published)).toEqual([]);
}
const mark = async () => ({ asked: asked.length, published: await world.settled() });

beforeAll(async () => {
  await world.start({ MEDIA_PUBLIC_BASE_URL: `${BASE_URL}/` });
  ({ nats, gm, player, stranger } = world);
  standInFor(Subjects.media.images.attach, (data) =>
    attachRefusal
      ? new Error('refused')
      : {
          id: data.image_id,
          content_type: 'image/png',
          byte_size: 68,
          width: 1,
          height: 1,
          checksum: 'c'.repeat(64),
          entity_type: data.entity_type,
          entity_id: data.entity_id,
          created_at: new Date().toISOString(),
          attached_at: new Date().toISOString(),
        },
  );
  standInForRelease();
  await nats.connection.flush();

  const { faction, juncture } = await world.factionAndJuncture();
  records.Faction = faction.id;
  records.Juncture = juncture.id;
  records.Character = (
    await nats.expectOk<CharacterView>(
      Subjects.campaign.characters.create,
      { character: { name: 'Brick Manly', faction_id: faction.id } },
      { actor: player },
    )
  ).id;
  records.Vehicle = (
    await nats.expectOk<{ id: string }>(
      Subjects.campaign.vehicles.create,
      { vehicle: { name: 'Battle Truck' } },
      { actor: player },
    )
  ).id;
  records.Fight = (
    await nats.expectOk<FightView>(
      Subjects.campaign.fights.create,
      { fight: { name: 'Dock Brawl', character_ids: [records.Character], vehicle_ids: [records.Vehicle] } },
      { actor: gm },
    )
  ).id;
  records.Weapon = await insertRecord('weapons', 'Beretta', 'damage', [10]);
  records.Schtick = await insertRecord('schticks', 'Both Guns Blazing', 'category', ['Guns']);
  records.Site = await insertRecord('sites', 'Temple');
  records.Party = await insertRecord('parties', 'Posse');
});

afterAll(async () => {
  for (const subscription of responders) subscription.unsubscribe();
  await world.stop();
});

describe('giving a record an image', () => {
  const kinds = Object.keys(KINDS) as ImageEntityType[];

  it.each(kinds)(
    'a %s: attached for the actor, image_url in its view, positions gone, announced as its update is',
    async (type) => {
      const id = records[type];
      const image = randomUUID();
      const actor = type === 'Character' ? player : gm;
      await positionRecord(type, id);
      const before = await getRecord(type, id, actor);
      expect(before.image_url).toBeNull();
      const published = await world.settled();
      const attached = attaches().length;

      expect(await setImage(type, id, image, actor)).toEqual({
        entity_type: type,
        entity_id: id,
        image_id: image,
        image_url: urlOf(image),
      });

      expect(attaches().slice(attached)).toEqual([
        {
          subject: natsSubject(Subjects.media.images.attach, env.subjectPrefix),
          data: { image_id: image, entity_type: type, entity_id: id },
          token: expect.any(String),
        },
      ]);
      const after = await getRecord(type, id, actor);
      expect(after.image_url).toBe(urlOf(image));
      expect(after.updated_at > before.updated_at).toBe(true);
      expect(await storedImage(type, id)).toBe(image);
      expect(await positionsOf(type, id)).toBe(0);
      const { entity, plural } = KINDS[type];
      const messages = await world.publishedAfter(published, 2, (m) => entity in m || plural in m);
      expect(messages).toEqual([{ [entity]: after }, { [plural]: 'reload' }]);
    },
  );

  it('shows the images in lists, nested records and the encounter (the character index as PostgreSQL writes it)', async () => {
    const character = records.Character;
    const characterUrl = urlOf((await storedImage('Character', character))!);
    const factionUrl = urlOf((await storedImage('Faction', records.Faction))!);
    const vehicleUrl = urlOf((await storedImage('Vehicle', records.Vehicle))!);
    const fightUrl = urlOf((await storedImage('Fight', records.Fight))!);

    const index = await nats.expectOk<CharactersIndexView>(
      Subjects.campaign.characters.list,
      {},
      { actor: gm },
    );
    const listed = index.characters.find((entry) => entry.id === character) as CharacterLiteView;
    expect(listed.image_url).toBe(characterUrl);
    expect(listed.faction).toEqual({
      id: records.Faction,
      name: 'The Dragons',
      image_url: factionUrl,
      entity_class: 'Faction',
    });
    expect(index.factions).toEqual([expect.objectContaining({ id: records.Faction, image_url: factionUrl })]);
    const full = await getRecord<CharacterView>('Character', character);
    expect(listed).toEqual(
      Object.fromEntries(Object.keys(listed).map((key) => [key, full[key as keyof CharacterView]])),
    );

    const names = await nats.expectOk<CharactersIndexView>(
      Subjects.campaign.characters.list,
      { autocomplete: true },
      { actor: gm },
    );
    expect(names.characters).toContainEqual({
      id: character,
      name: 'Brick Manly',
      image_url: characterUrl,
      entity_class: 'Character',
    });

    const faction = await getRecord<FactionView>('Faction', records.Faction);
    expect(faction.characters).toEqual([expect.objectContaining({ id: character, image_url: characterUrl })]);

    const fight = await getRecord<FightView>('Fight', records.Fight);
    expect(fight.image_url).toBe(fightUrl);
    expect(fight.characters).toEqual([expect.objectContaining({ id: character, image_url: characterUrl })]);
    expect(fight.vehicles).toEqual([expect.objectContaining({ id: records.Vehicle, image_url: vehicleUrl })]);

    const encounter = await nats.expectOk<EncounterView>(
      Subjects.campaign.encounters.get,
      { id: records.Fight },
      { actor: gm },
    );
    expect(encounter.image_url).toBe(fightUrl);
    const combatants = encounter.shots.flatMap((shot) => [...shot.characters, ...shot.vehicles]);
    expect(
      combatants.map(({ id, image_url }) => ({ id, image_url })).sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(
      [
        { id: character, image_url: characterUrl },
        { id: records.Vehicle, image_url: vehicleUrl },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });
});

describe('who may', () => {
  it("refuses a player another player's record and the gamemaster's records, as their updates do; nothing changes", async () => {
    const gmCharacter = await nats.expectOk<CharacterView>(
      Subjects.campaign.characters.create,
      { character: { name: 'Ugly Shing' } },
      { actor: gm },
    );
    await positionRecord('Faction', records.Faction);
    const factionImage = await storedImage('Faction', records.Faction);
    const before = await mark();

    const faction = await refusedImage('Faction', records.Faction, randomUUID(), player);
    expect(faction).toMatchObject({ statusCode: 403, code: ErrorCode.Forbidden });
    // A record the campaign does not have is refused the same way to a player: the gamemaster alone changes them.
    expect(await refusedImage('Faction', randomUUID(), randomUUID(), player)).toMatchObject({
      statusCode: 403,
    });
    expect(await refusedImage('Character', gmCharacter.id, randomUUID(), player)).toMatchObject({
      statusCode: 403,
      code: ErrorCode.Forbidden,
    });
    expect(await refusedImage('Character', gmCharacter.id, null, player)).toMatchObject({ statusCode: 403 });
    expect(await refusedImage('Faction', records.Faction, null, player)).toMatchObject({ statusCode: 403 });

    await nothingHappened(before);
    expect(await storedImage('Faction', records.Faction)).toBe(factionImage);
    expect(await storedImage('Character', gmCharacter.id)).toBeNull();
    expect(await positionsOf('Faction', records.Faction)).toBe(2);
  });

  it("answers 404 for another campaign's record, or none, before asking media anything", async () => {
    const elsewhere = await nats.expectOk<{ id: string }>(
      Subjects.campaign.factions.create,
      { faction: { name: 'Elsewhere Ones' } },
      { actor: stranger },
    );
    const before = await mark();
    expect(await refusedImage('Faction', elsewhere.id, randomUUID(), gm)).toMatchObject({
      statusCode: 404,
      code: ErrorCode.NotFound,
    });
    expect(await refusedImage('Character', randomUUID(), randomUUID(), gm)).toMatchObject({
      statusCode: 404,
    });
    expect(await refusedImage('Vehicle', randomUUID(), null, player)).toMatchObject({ statusCode: 404 });
    // The stranger is no member: the campaign's records do not exist for them.
    expect(await refusedImage('Faction', records.Faction, randomUUID(), stranger)).toMatchObject({
      statusCode: 404,
    });
    await nothingHappened(before);
    expect(await storedImage('Faction', elsewhere.id)).toBeNull();
  });

  it.each([
    { statusCode: 404, code: ErrorCode.NotFound, message: 'Image not found' },
    { statusCode: 409, code: ErrorCode.Conflict, message: 'The image belongs to another record' },
  ])('passes on a refusal of media ($statusCode) as it is, and changes nothing', async (refusal) => {
    const current = await storedImage('Site', records.Site);
    await positionRecord('Site', records.Site);
    attachRefusal = refusal;
    try {
      const before = await mark();
      const image = randomUUID();
      expect(await refusedImage('Site', records.Site, image)).toEqual(refusal);
      expect(asked.slice(before.asked)).toEqual([
        expect.objectContaining({ data: { image_id: image, entity_type: 'Site', entity_id: records.Site } }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Asked nothing more (no release), announced nothing.
      expect(asked.length).toBe(before.asked + 1);
      expect(world.published.slice(before.published)).toEqual([]);
    } finally {
      attachRefusal = undefined;
    }
    expect(await storedImage('Site', records.Site)).toBe(current);
    expect(await positionsOf('Site', records.Site)).toBe(2);
  });
});

describe('replacing and removing', () => {
  it('a new image releases the old one, once committed', async () => {
    const old = (await storedImage('Weapon', records.Weapon))!;
    const image = randomUUID();
    await positionRecord('Weapon', records.Weapon);
    const released = releases().length;
    expect((await setImage('Weapon', records.Weapon, image)).image_url).toBe(urlOf(image));
    await eventually(() =>
      expect(releases().slice(released)).toEqual([expect.objectContaining({ data: { image_ids: [old] } })]),
    );
    expect(await positionsOf('Weapon', records.Weapon)).toBe(0);
    expect((await getRecord('Weapon', records.Weapon)).image_url).toBe(urlOf(image));
  });

  it('null takes the image away: no image_url, positions gone, announced, the image released', async () => {
    const old = (await storedImage('Party', records.Party))!;
    await positionRecord('Party', records.Party);
    const before = await mark();
    const released = releases().length;
    expect(await setImage('Party', records.Party, null)).toEqual({
      entity_type: 'Party',
      entity_id: records.Party,
      image_id: null,
      image_url: null,
    });
    // Nothing to attach: media is only told to release.
    expect(attaches().filter((entry) => asked.indexOf(entry) >= before.asked)).toEqual([]);
    await eventually(() =>
      expect(releases().slice(released)).toEqual([expect.objectContaining({ data: { image_ids: [old] } })]),
    );
    const party = await getRecord('Party', records.Party);
    expect(party.image_url).toBeNull();
    expect(await positionsOf('Party', records.Party)).toBe(0);
    expect(await world.publishedAfter(before.published, 2)).toEqual([{ party }, { parties: 'reload' }]);
  });

  it('the same image again, or none again, changes nothing', async () => {
    const image = (await storedImage('Juncture', records.Juncture))!;
    await positionRecord('Juncture', records.Juncture);
    const before = await mark();
    expect(await setImage('Juncture', records.Juncture, image)).toEqual({
      entity_type: 'Juncture',
      entity_id: records.Juncture,
      image_id: image,
      image_url: urlOf(image),
    });
    expect(await setImage('Party', records.Party, null)).toMatchObject({ image_id: null, image_url: null });
    await nothingHappened(before);
    expect(await positionsOf('Juncture', records.Juncture)).toBe(2);
  });

  it('answers even when media cannot take the release (its cleanup deletes the image later)', async () => {
    const release = responders.find((subscription) => subscription.getSubject().endsWith('release'))!;
    release.unsubscribe();
    responders.splice(responders.indexOf(release), 1);
    try {
      expect(await setImage('Schtick', records.Schtick, null)).toMatchObject({ image_id: null });
      expect(await storedImage('Schtick', records.Schtick)).toBeNull();
    } finally {
      standInForRelease();
      await nats.connection.flush();
    }
  });
});

describe('what media asks', () => {
  it('answers which of the images asked about some record still names, in one statement', async () => {
    const character = (await storedImage('Character', records.Character))!;
    const fight = (await storedImage('Fight', records.Fight))!;
    const released = randomUUID();
    await setImage('Site', records.Site, released);
    await setImage('Site', records.Site, null);
    const answer = await nats.expectOk<ReferencedImagesView>(Subjects.campaign.images.referenced, {
      image_ids: [randomUUID(), character, released, fight, character],
    });
    expect(answer).toEqual({ image_ids: [character, fight].sort() });
    expect(
      await nats.expectOk<ReferencedImagesView>(Subjects.campaign.images.referenced, { image_ids: [] }),
    ).toEqual({ image_ids: [] });
  });

  it('a deleted image is dropped by the record naming it: no image_url, positions gone, its lists reload', async () => {
    const image = (await storedImage('Vehicle', records.Vehicle))!;
    await positionRecord('Vehicle', records.Vehicle);
    const before = await world.settled();
    const publish = (payload: unknown) =>
      nats.connection.publish(
        natsSubject(Subjects.media.events.imageDeleted, env.subjectPrefix),
        JSON.stringify(payload),
      );
    // Not the event: ignored.
    publish({ image_id: 'nope' });
    publish({ image_id: image, entity_type: 'Vehicle', entity_id: records.Vehicle });
    expect(await world.publishedAfter(before, 1)).toEqual([{ vehicles: 'reload' }]);
    expect(await storedImage('Vehicle', records.Vehicle)).toBeNull();
    expect(await positionsOf('Vehicle', records.Vehicle)).toBe(0);
    expect((await getRecord('Vehicle', records.Vehicle)).image_url).toBeNull();
    expect(await storedImage('Character', records.Character)).not.toBeNull();
  });
});
