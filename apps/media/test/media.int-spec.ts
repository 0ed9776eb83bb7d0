import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Subjects } from '@shotcaller/contracts';
import { getJson, NatsRequester, opsUrl, TestEnvironment } from '@shotcaller/testing';
import { bootMedia } from '../src/boot.js';
import { loadMediaConfig } from '../src/config.js';

const env = new TestEnvironment('media-int');
let storageRoot: string;
let app: INestApplication;
let nats: NatsRequester;

beforeAll(async () => {
  storageRoot = await mkdtemp(join(tmpdir(), 'shotcaller-media-'));
  const settings = env.common({
    DATABASE_URL: env.databaseUrl('media'),
    MEDIA_STORAGE_DIR: join(storageRoot, 'images'),
  });
  app = await bootMedia(loadMediaConfig(settings));
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
});

afterAll(async () => {
  await nats?.close();
  await app?.close();
  await env.cleanup();
  await rm(storageRoot, { recursive: true, force: true });
});

describe('media service', () => {
  it('creates its storage directory and reports it, PostgreSQL and NATS ready', async () => {
    const ready = await getJson(opsUrl(app), '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      details: {
        postgres: { status: 'up' },
        nats: { status: 'up' },
        storage: { status: 'up', path: join(storageRoot, 'images') },
      },
    });
  });

  it('answers media.ping over NATS', async () => {
    expect(await nats.expectOk(Subjects.media.ping, {})).toMatchObject({ service: 'media' });
  });

  it('refuses to start when its storage directory cannot be created, naming it', async () => {
    const notADirectory = join(storageRoot, 'a-file');
    await writeFile(notADirectory, '');
    const settings = env.common({
      DATABASE_URL: env.databaseUrl('media'),
      MEDIA_STORAGE_DIR: join(notADirectory, 'images'),
    });
    await expect(bootMedia(loadMediaConfig(settings))).rejects.toThrow(
      `Media storage directory at ${join(notADirectory, 'images')} is not reachable`,
    );
  });
});
