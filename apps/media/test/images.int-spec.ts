import { randomUUID } from 'node:crypto';
import { access, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import {
  ActorKind,
  ErrorCode,
  natsSubject,
  Subjects,
  type Actor,
  type ImageAttachedEvent,
  type ImageDeletedEvent,
  type ImageSweepResult,
  type ImageView,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment, tokenFor } from '@shotcaller/testing';
import { bootMedia } from '../src/boot.js';
import { loadMediaConfig } from '../src/config.js';
import { ImagesService } from '../src/images/images.service.js';
import { Events, json, picture, ReferencedResponder, upload } from './support/media-kit.js';

const { images, events } = Subjects.media;
const env = new TestEnvironment('media-images');
const alice: Actor = { id: randomUUID(), kind: ActorKind.User, roles: [] };
const bob: Actor = { id: randomUUID(), kind: ActorKind.User, roles: [] };
let storageRoot: string;
let storage: string;
let settings: Record<string, string>;
let app: INestApplication;
let replica: INestApplication | undefined;
let baseUrl: string;
let nats: NatsRequester;
let db: pg.Client;
let campaign: ReferencedResponder;
let attachedEvents: Events<ImageAttachedEvent>;
let deletedEvents: Events<ImageDeletedEvent>;

beforeAll(async () => {
  storageRoot = await mkdtemp(join(tmpdir(), 'shotcaller-media-images-'));
  storage = join(storageRoot, 'images');
  settings = env.common({ DATABASE_URL: env.databaseUrl('media'), MEDIA_STORAGE_DIR: storage });
  app = await bootMedia(loadMediaConfig(settings));
  baseUrl = await app.getUrl();
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
  campaign = new ReferencedResponder(nats.connection, env.subjectPrefix).start();
  attachedEvents = new Events(nats.connection, events.imageAttached, env.subjectPrefix);
  deletedEvents = new Events(nats.connection, events.imageDeleted, env.subjectPrefix);
});

afterAll(async () => {
  attachedEvents?.close();
  deletedEvents?.close();
  await replica?.close();
  await nats?.close();
  await db?.end();
  await app?.close();
  await env.cleanup();
  await rm(storageRoot, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each test starts from an empty store and a campaign service that answers.
  await db.query('delete from images');
  campaign.referenced.clear();
  campaign.questions.length = 0;
  await campaign.stop();
  campaign.start();
  attachedEvents.clear();
  deletedEvents.clear();
});

async function uploaded(actor: Actor = alice): Promise<ImageView> {
  const answer = await upload(baseUrl, await picture('png', 12, 12), await tokenFor(actor));
  expect(answer.status).toBe(201);
  return json<ImageView>(answer);
}

function attach(image: { id: string }, entityId: string, actor: Actor = alice, entityType = 'Character') {
  return nats.request<ImageView>(
    images.attach,
    { image_id: image.id, entity_type: entityType, entity_id: entityId },
    { actor },
  );
}

async function attached(entityId = randomUUID()): Promise<ImageView> {
  const image = await uploaded();
  const reply = await attach(image, entityId);
  if (!reply.ok) throw new Error(`attach failed: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

async function row(id: string) {
  const { rows } = await db.query<Record<string, unknown>>(
    'select entity_type, entity_id, attached_at, checked_at from images where id = $1',
    [id],
  );
  return rows[0];
}

async function ids(): Promise<string[]> {
  return (await db.query<{ id: string }>('select id from images order by id')).rows.map(({ id }) => id);
}

function fileOf(id: string): string {
  return join(storage, id.slice(0, 2), id.slice(2, 4), id);
}

async function fileExists(id: string): Promise<boolean> {
  return access(fileOf(id)).then(
    () => true,
    () => false,
  );
}

/** Moves an image's upload (and attachment, if any) this many minutes into the past. */
async function age(id: string, minutes: number): Promise<void> {
  await db.query(
    `update images set created_at = created_at - make_interval(mins => $2),
       attached_at = attached_at - make_interval(mins => $2) where id = $1`,
    [id, minutes],
  );
}

describe('media.images.attach', () => {
  it('gives the uploader’s image to a record, and announces it', async () => {
    const image = await uploaded();
    const character = randomUUID();
    const reply = await attach(image, character);

    expect(reply).toEqual({
      ok: true,
      value: {
        ...image,
        entity_type: 'Character',
        entity_id: character,
        attached_at: expect.stringMatching(/Z$/),
      },
    });
    expect(await row(image.id)).toMatchObject({ entity_type: 'Character', entity_id: character });
    await eventually(() =>
      expect(attachedEvents.received).toEqual([
        { image_id: image.id, entity_type: 'Character', entity_id: character },
      ]),
    );
  });

  it('refuses another user, as if the image did not exist, and changes nothing', async () => {
    const image = await uploaded(alice);
    const reply = await attach(image, randomUUID(), bob);
    expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.NotFound, statusCode: 404 } });
    expect(await row(image.id)).toEqual({
      entity_type: null,
      entity_id: null,
      attached_at: null,
      checked_at: null,
    });
    expect(await attach({ id: randomUUID() }, randomUUID(), bob)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound, message: (reply as { error: { message: string } }).error.message },
    });
  });

  it('refuses a request without a verified user', async () => {
    const image = await uploaded();
    const reply = await nats.request(images.attach, {
      image_id: image.id,
      entity_type: 'Character',
      entity_id: randomUUID(),
    });
    expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.Unauthenticated } });
    expect((await row(image.id)).entity_id).toBeNull();
  });

  it('is a no-op the second time for the same record, and a conflict for another', async () => {
    const image = await uploaded();
    const vehicle = randomUUID();
    const first = await attach(image, vehicle, alice, 'Vehicle');
    const again = await attach(image, vehicle.toUpperCase(), alice, 'Vehicle');
    expect(again).toEqual(first);

    const elsewhere = await attach(image, randomUUID(), alice, 'Vehicle');
    expect(elsewhere).toMatchObject({ ok: false, error: { code: ErrorCode.Conflict, statusCode: 409 } });
    const otherType = await attach(image, vehicle, alice, 'Weapon');
    expect(otherType).toMatchObject({ ok: false, error: { code: ErrorCode.Conflict } });
    expect(await row(image.id)).toMatchObject({ entity_type: 'Vehicle', entity_id: vehicle });
    await eventually(() => expect(attachedEvents.received).toHaveLength(1));
  });

  it('gives an image to one record only when two attach it at once', async () => {
    const image = await uploaded();
    const replies = await Promise.all([attach(image, randomUUID()), attach(image, randomUUID())]);
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    expect(replies.filter((reply) => !reply.ok)).toMatchObject([{ error: { code: ErrorCode.Conflict } }]);
  });
});

describe('media.images.release', () => {
  it('deletes the attached images no record refers to, with their files, and announces each', async () => {
    const dropped = await attached();
    const kept = await attached();
    const loose = await uploaded();
    campaign.referenced.add(kept.id);

    const reply = await nats.expectOk(images.release, {
      image_ids: [dropped.id, kept.id, loose.id, randomUUID()],
    });

    expect(reply).toEqual({ deleted: 1 });
    expect(campaign.questions).toEqual([expect.arrayContaining([dropped.id, kept.id])]);
    expect(campaign.questions[0]).toHaveLength(2);
    expect(await ids()).toEqual([kept.id, loose.id].sort());
    expect(await fileExists(dropped.id)).toBe(false);
    expect(await fileExists(kept.id)).toBe(true);
    expect(await fileExists(loose.id)).toBe(true);
    await eventually(() =>
      expect(deletedEvents.received).toEqual([
        { image_id: dropped.id, entity_type: 'Character', entity_id: dropped.entity_id },
      ]),
    );
  });

  it('asks nobody when none of the images is attached', async () => {
    const loose = await uploaded();
    expect(await nats.expectOk(images.release, { image_ids: [loose.id] })).toEqual({ deleted: 0 });
    expect(campaign.questions).toEqual([]);
  });

  it('deletes nothing when the campaign service does not answer', async () => {
    const image = await attached();
    await campaign.stop();
    const error = await nats.expectError(images.release, { image_ids: [image.id] });
    expect(error.code).toBe(ErrorCode.ServiceUnavailable);
    expect(await ids()).toEqual([image.id]);
    expect(await fileExists(image.id)).toBe(true);
  });
});

describe('media.images.sweep', () => {
  it('deletes old unattached uploads and old attached images no record uses, and checks the rest', async () => {
    const oldLoose = await uploaded();
    const newLoose = await uploaded();
    const oldDropped = await attached();
    const oldKept = await attached();
    const newAttached = await attached();
    campaign.referenced.add(oldKept.id);
    for (const image of [oldLoose, oldDropped, oldKept]) await age(image.id, 61);
    await age(newAttached.id, 30);

    const result = await nats.expectOk<ImageSweepResult>(images.sweep, {});

    expect(result).toEqual({ deleted_unattached: 1, deleted_unreferenced: 1, checked: 2 });
    expect(await ids()).toEqual([newLoose.id, oldKept.id, newAttached.id].sort());
    expect((await row(oldKept.id)).checked_at).toBeInstanceOf(Date);
    expect((await row(newAttached.id)).checked_at).toBeNull();
    for (const gone of [oldLoose, oldDropped]) expect(await fileExists(gone.id)).toBe(false);
    await eventually(() =>
      expect(deletedEvents.received.map(({ image_id }) => image_id).sort()).toEqual(
        [oldLoose.id, oldDropped.id].sort(),
      ),
    );
    expect(deletedEvents.received).toContainEqual({
      image_id: oldLoose.id,
      entity_type: null,
      entity_id: null,
    });

    // Idempotent: nothing more to do, and the image checked last is asked about last.
    expect(await nats.expectOk(images.sweep, {})).toEqual({
      deleted_unattached: 0,
      deleted_unreferenced: 0,
      checked: 1,
    });
  });

  it('asks about a bounded batch, least recently checked first', async () => {
    const batch = 3;
    const sweeping = await bootMedia(loadMediaConfig({ ...settings, MEDIA_SWEEP_BATCH: String(batch) }));
    try {
      const all = [];
      for (let i = 0; i < 5; i += 1) all.push(await attached());
      for (const image of all) {
        await age(image.id, 120);
        campaign.referenced.add(image.id);
      }
      const service = sweeping.get(ImagesService);
      expect((await service.sweep()).checked).toBe(batch);
      expect((await service.sweep()).checked).toBe(batch);
      const [first, second] = campaign.questions;
      expect(first).toHaveLength(batch);
      // The second run asks first about the two never asked about, then the one asked about longest ago.
      expect(second.filter((id) => !first.includes(id))).toHaveLength(2);
      expect(new Set([...first, ...second]).size).toBe(5);
    } finally {
      await sweeping.close();
    }
  });

  it('run at once on two replicas, deletes and announces each orphan exactly once', async () => {
    replica ??= await bootMedia(loadMediaConfig(settings));
    const orphans: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const image = i % 2 === 0 ? await uploaded() : await attached();
      await age(image.id, 90);
      orphans.push(image.id);
    }
    const results = await Promise.all([
      app.get(ImagesService).sweep(),
      replica.get(ImagesService).sweep(),
      app.get(ImagesService).sweep(),
      replica.get(ImagesService).sweep(),
    ]);

    const total = (key: keyof ImageSweepResult) => results.reduce((sum, result) => sum + result[key], 0);
    expect(total('deleted_unattached')).toBe(4);
    expect(total('deleted_unreferenced')).toBe(4);
    expect(await ids()).toEqual([]);
    await new Promise((settle) => setTimeout(settle, 200));
    const announced = deletedEvents.received.map(({ image_id }) => image_id).sort();
    expect(announced).toEqual([...orphans].sort());
  });

  it('deletes nothing attached when the campaign service does not answer, and fails', async () => {
    const image = await attached();
    await age(image.id, 90);
    await campaign.stop();

    const error = await nats.expectError(images.sweep, {});

    expect(error).toMatchObject({ code: ErrorCode.ServiceUnavailable, statusCode: 503 });
    expect(await ids()).toEqual([image.id]);
    expect(await fileExists(image.id)).toBe(true);
    expect(deletedEvents.received).toEqual([]);
  });

  it('removes uploads a crash left in staging once they are an hour old, not newer ones', async () => {
    const staging = join(storage, '.staging');
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    await writeFile(join(staging, 'crashed.upload'), 'half an image');
    await utimes(join(staging, 'crashed.upload'), hoursAgo, hoursAgo);
    await writeFile(join(staging, 'in-flight.upload'), 'an image arriving');
    try {
      await nats.expectOk(images.sweep, {});
      expect(await readdir(staging)).toEqual(['in-flight.upload']);
    } finally {
      await rm(join(staging, 'in-flight.upload'), { force: true });
    }
  });

  it('deletes nothing attached when the answer is not a list of ids', async () => {
    const image = await attached();
    await age(image.id, 90);
    await campaign.stop();
    const liar = nats.connection.subscribe(
      natsSubject(Subjects.campaign.images.referenced, env.subjectPrefix),
      {
        callback: (_error, message) => {
          const { id } = message.json<{ id: string }>();
          message.respond(JSON.stringify({ id, isDisposed: true, response: { image_ids: 'none' } }));
        },
      },
    );
    try {
      const error = await nats.expectError(images.sweep, {});
      expect(error.code).toBe(ErrorCode.Internal);
      expect(await ids()).toEqual([image.id]);
    } finally {
      liar.unsubscribe();
    }
  });
});
