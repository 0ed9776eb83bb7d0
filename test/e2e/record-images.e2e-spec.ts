import sharp from 'sharp';
import pg from 'pg';
import { eventually, NatsRequester } from '@shotcaller/testing';
import { Subjects, type ImageSweepResult } from '@shotcaller/contracts';
import type { Account, Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

/**
 * Record images through the gateway, with the real media and campaign services: the Rails client's multipart
 * create and update with an `image` file, `image_url` on the record, the image served from it, replacing and
 * removing, refused uploads that change nothing, and the orphaned image cleanup the jobs service schedules.
 */
const BOOT_GUARD_MS = 30_000;
const UPLOAD_LIMIT = 64 * 1024;

let stack: Stack;
let gm: Account;
let player: Account;
let mediaDb: pg.Client;
let nats: NatsRequester;
let characterId = '';

const as = (account: Account) => asAccount(stack, account);

function picture(color: string, width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

/** The id of the image an `image_url` names. */
function imageIdOf(url: unknown): string {
  const match = /\/media\/([0-9a-f-]{36})$/.exec(String(url));
  if (!match) throw new Error(`not an image URL: ${String(url)}`);
  return match[1];
}

async function imageRows(): Promise<{ id: string; entity_id: string | null }[]> {
  return (await mediaDb.query('select id, entity_id from images order by created_at')).rows;
}

beforeAll(async () => {
  ({ stack, gm, player } = await startCampaignStack('e2e-record-images', {
    media: { MEDIA_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT) },
  }));
  mediaDb = new pg.Client({ connectionString: stack.env.databaseUrl('media') });
  await mediaDb.connect();
  nats = await NatsRequester.connect(stack.env.stores.nats, stack.env.subjectPrefix);
  const created = await as(player)
    .post('/api/v2/characters')
    .send({ character: { name: 'Johnny Tso' } });
  expect(created.status).toBe(201);
  characterId = created.body.id;
}, BOOT_GUARD_MS);

afterAll(async () => {
  await nats?.close();
  await mediaDb?.end();
  await stack?.stop();
});

describe('record images through the gateway', () => {
  let firstImage = '';

  it('takes an image with a multipart update and serves it from image_url, with an ETag', async () => {
    const bytes = await picture('#c0392b');
    const updated = await as(player)
      .patch(`/api/v2/characters/${characterId}`)
      .field('character', JSON.stringify({ name: 'Johnny Tso' }))
      .attach('image', bytes, 'portrait.png');
    expect(updated.status).toBe(200);
    firstImage = imageIdOf(updated.body.image_url);
    expect(updated.body.image_url).toBe(`http://localhost:3000/media/${firstImage}`);
    expect((await as(player).get(`/api/v2/characters/${characterId}`)).body.image_url).toBe(
      updated.body.image_url,
    );

    const served = await stack.http().get(`/media/${firstImage}`).buffer(true);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toMatch(/immutable/);
    expect(Buffer.compare(served.body as Buffer, bytes)).toBe(0);
    const again = await stack.http().get(`/media/${firstImage}`).set('If-None-Match', served.headers.etag);
    expect(again.status).toBe(304);
  });

  it('creates a record with its image in one multipart request', async () => {
    const created = await as(gm)
      .post('/api/v2/factions')
      .field('faction', JSON.stringify({ name: 'The Dragons' }))
      .attach('image', await picture('#27ae60'), 'banner.png');
    expect(created.status).toBe(201);
    const id = imageIdOf(created.body.image_url);
    expect((await stack.http().get(`/media/${id}`)).status).toBe(200);
    expect((await imageRows()).find((row) => row.id === id)?.entity_id).toBe(created.body.id);
  });

  it('replaces the image: the record shows the new one and the old one is deleted', async () => {
    const replaced = await as(player)
      .patch(`/api/v2/characters/${characterId}`)
      .field('character', JSON.stringify({}))
      .attach('image', await picture('#2980b9'), 'portrait.png');
    expect(replaced.status).toBe(200);
    const secondImage = imageIdOf(replaced.body.image_url);
    expect(secondImage).not.toBe(firstImage);
    // The old image is released once the change is committed, after the answer.
    const old = firstImage;
    await eventually(async () => expect((await stack.http().get(`/media/${old}`)).status).toBe(404));
    firstImage = secondImage;
  });

  it('removes the image with DELETE /:id/image', async () => {
    const removed = await as(player).delete(`/api/v2/characters/${characterId}/image`);
    expect(removed.status).toBe(200);
    expect(removed.body.image_url).toBeNull();
    await eventually(async () => expect((await stack.http().get(`/media/${firstImage}`)).status).toBe(404));
  });

  it('refuses what is not an image (415) or too large (413), and writes neither record nor image', async () => {
    const rowsBefore = await imageRows();
    const notImage = await as(player)
      .patch(`/api/v2/characters/${characterId}`)
      .field('character', JSON.stringify({ name: 'Renamed' }))
      .attach('image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'portrait.png');
    expect(notImage.status).toBe(415);
    expect(notImage.body.code).toBe('unsupported_media_type');

    const large = await sharp({
      create: { width: 400, height: 400, channels: 3, background: '#000' },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(large.length).toBeGreaterThan(UPLOAD_LIMIT);
    const tooLarge = await as(player)
      .patch(`/api/v2/characters/${characterId}`)
      .field('character', JSON.stringify({ name: 'Renamed' }))
      .attach('image', large, 'portrait.png');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('payload_too_large');

    expect((await as(player).get(`/api/v2/characters/${characterId}`)).body.name).toBe('Johnny Tso');
    expect(await imageRows()).toEqual(rowsBefore);
  });

  it('cleans up orphans: an upload whose record was refused, and the image of a deleted record', async () => {
    // A player may not change a faction: the upload is stored on its way in, then never attached.
    const factionId = (
      await as(gm)
        .post('/api/v2/factions')
        .send({ faction: { name: 'The Ascended' } })
    ).body.id;
    const refused = await as(player)
      .patch(`/api/v2/factions/${factionId}`)
      .field('faction', JSON.stringify({ name: 'Mine now' }))
      .attach('image', await picture('#8e44ad'), 'banner.png');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const unattached = (await imageRows()).filter((row) => row.entity_id === null);
    expect(unattached).toHaveLength(1);

    // A character deleted with its image: the image is no record's any more.
    const doomed = await as(player)
      .post('/api/v2/characters')
      .field('character', JSON.stringify({ name: 'Doomed' }))
      .attach('image', await picture('#f1c40f'), 'portrait.png');
    const doomedImage = imageIdOf(doomed.body.image_url);
    expect((await as(player).delete(`/api/v2/characters/${doomed.body.id}`)).status).toBe(204);

    // Both are older than the cleanup's grace period (an hour by default), as if uploaded yesterday.
    await mediaDb.query(
      `update images set created_at = now() - interval '1 day',
         attached_at = case when attached_at is null then null else now() - interval '1 day' end
       where id = any($1)`,
      [[unattached[0].id, doomedImage]],
    );
    const swept = await nats.expectOk<ImageSweepResult>(Subjects.media.images.sweep, {});
    expect(swept).toMatchObject({ deleted_unattached: 1, deleted_unreferenced: 1 });
    for (const id of [unattached[0].id, doomedImage]) {
      expect((await stack.http().get(`/media/${id}`)).status).toBe(404);
    }
    // Images records still show are kept, however old.
    const kept = await imageRows();
    expect(kept.every((row) => row.entity_id !== null)).toBe(true);
    expect(kept.length).toBeGreaterThan(0);
    expect(await nats.expectOk<ImageSweepResult>(Subjects.media.images.sweep, {})).toMatchObject({
      deleted_unattached: 0,
      deleted_unreferenced: 0,
    });
  });
});
