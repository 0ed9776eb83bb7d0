import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ActorKind, Subjects, type ImageView } from '@shotcaller/contracts';
import { CapturedLogs, NatsRequester, TestEnvironment, tokenFor } from '@shotcaller/testing';
import { bootMedia } from '../src/boot.js';
import { loadMediaConfig } from '../src/config.js';
import { json, picture, pngClaiming, ReferencedResponder, send, upload } from './support/media-kit.js';

const env = new TestEnvironment('media-logs');
const logs = new CapturedLogs();
let storageRoot: string;
let app: INestApplication;
let nats: NatsRequester;

beforeAll(async () => {
  storageRoot = await mkdtemp(join(tmpdir(), 'shotcaller-media-logs-'));
  const settings = env.common({
    DATABASE_URL: env.databaseUrl('media'),
    MEDIA_STORAGE_DIR: join(storageRoot, 'images'),
    LOG_LEVEL: 'debug',
  });
  app = await bootMedia(loadMediaConfig(settings), { logDestination: logs.destination });
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
});

afterAll(async () => {
  await nats?.close();
  await app?.close();
  await env.cleanup();
  await rm(storageRoot, { recursive: true, force: true });
});

describe('the media service’s logs', () => {
  it('carry no token, no checksum and no row content through an image’s whole life', async () => {
    const actor = { id: randomUUID(), kind: ActorKind.User, roles: [] };
    const token = await tokenFor(actor);
    const baseUrl = await app.getUrl();
    const image = json<ImageView>(await upload(baseUrl, await picture('png', 33, 21), token));
    await upload(baseUrl, pngClaiming(50_000, 50_000), token);
    await upload(baseUrl, Buffer.from('not an image at all, but long enough to be sniffed'), token);
    await send(baseUrl, 'GET', `/images/${image.id}`);
    await send(baseUrl, 'GET', `/images/${image.id}`, {
      headers: { 'If-None-Match': `"${image.checksum}"` },
    });
    const entityId = randomUUID();
    await nats.expectOk(
      Subjects.media.images.attach,
      { image_id: image.id, entity_type: 'Character', entity_id: entityId },
      { token },
    );
    const campaign = new ReferencedResponder(nats.connection, env.subjectPrefix).start();
    await nats.expectOk(Subjects.media.images.release, { image_ids: [image.id] });
    await campaign.stop();

    const text = logs.text();
    expect(text).toContain(image.id);
    expect(text).not.toContain(token);
    expect(text).not.toContain(image.checksum);
    expect(text).not.toContain(entityId);
  });
});
