import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { ActorKind, ErrorCode, type Actor, type ErrorPayload, type ImageView } from '@shotcaller/contracts';
import { eventually, signTestToken, TestEnvironment, tokenFor } from '@shotcaller/testing';
import { bootMedia } from '../src/boot.js';
import { loadMediaConfig } from '../src/config.js';
import {
  filesUnder,
  FORMATS,
  json,
  picture,
  pngClaiming,
  send,
  upload,
  type HttpAnswer,
} from './support/media-kit.js';

const MAX_UPLOAD_BYTES = 256 * 1024;
const env = new TestEnvironment('media-uploads');
const uploader: Actor = { id: randomUUID(), kind: ActorKind.User, roles: [] };
let storageRoot: string;
let storage: string;
let app: INestApplication;
let baseUrl: string;
let db: pg.Client;
let token: string;

beforeAll(async () => {
  storageRoot = await mkdtemp(join(tmpdir(), 'shotcaller-media-uploads-'));
  storage = join(storageRoot, 'images');
  const databaseUrl = env.databaseUrl('media');
  app = await bootMedia(
    loadMediaConfig(
      env.common({
        DATABASE_URL: databaseUrl,
        MEDIA_STORAGE_DIR: storage,
        MEDIA_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      }),
    ),
  );
  baseUrl = await app.getUrl();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  token = await tokenFor(uploader);
});

afterAll(async () => {
  await db?.end();
  await app?.close();
  await env.cleanup();
  await rm(storageRoot, { recursive: true, force: true });
});

async function rowCount(): Promise<number> {
  return (await db.query<{ count: number }>('select count(*)::int as count from images')).rows[0].count;
}

/** What is stored now: rows and files. */
async function stored(): Promise<{ rows: number; files: string[] }> {
  return { rows: await rowCount(), files: await filesUnder(storage) };
}

function expectError(answer: HttpAnswer, status: number, code: string): ErrorPayload {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = json<ErrorPayload>(answer);
  expect(body).toMatchObject({ statusCode: status, code });
  return body;
}

describe('POST /images', () => {
  it.each(FORMATS)(
    'stores a %s image: 201 with its type and dimensions, a row and a file',
    async (format) => {
      const bytes = await picture(format, 40, 30);
      const answer = await upload(baseUrl, bytes, token, { 'Content-Type': 'text/plain' });

      expect(answer.status).toBe(201);
      const view = json<ImageView>(answer);
      expect(view).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        content_type: `image/${format}`,
        byte_size: bytes.length,
        width: 40,
        height: 30,
        checksum: createHash('sha256').update(bytes).digest('hex'),
        entity_type: null,
        entity_id: null,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        attached_at: null,
      });
      const { rows } = await db.query(
        'select uploaded_by, content_type, width, height from images where id = $1',
        [view.id],
      );
      expect(rows).toEqual([
        { uploaded_by: uploader.id, content_type: `image/${format}`, width: 40, height: 30 },
      ]);
      const file = join(storage, view.id.slice(0, 2), view.id.slice(2, 4), view.id);
      expect(await readFile(file)).toEqual(bytes);
      expect(await filesUnder(join(storage, '.staging'))).toEqual([]);
    },
  );

  it('takes a body sent in chunks without a length', async () => {
    const bytes = await picture('png', 64, 48);
    const before = await rowCount();
    const chunks = [bytes.subarray(0, 10), bytes.subarray(10, 40), bytes.subarray(40)];
    const answer = await send(baseUrl, 'POST', '/images', {
      headers: { Authorization: `Bearer ${token}` },
      chunks,
    });
    expect(answer.status).toBe(201);
    expect(json<ImageView>(answer)).toMatchObject({ content_type: 'image/png', width: 64, height: 48 });
    expect(await rowCount()).toBe(before + 1);
  });

  describe('refusals leave nothing behind', () => {
    let before: { rows: number; files: string[] };

    beforeEach(async () => {
      before = await stored();
    });

    afterEach(async () => {
      expect(await stored()).toEqual(before);
    });

    it('a text file declared and named as a PNG: 415', async () => {
      const text = Buffer.from('This is not a picture, whatever its name says.\n'.repeat(20));
      const answer = await upload(baseUrl, text, token, {
        'Content-Type': 'image/png',
        'Content-Disposition': 'attachment; filename="portrait.png"',
      });
      expectError(answer, 415, ErrorCode.UnsupportedMediaType);
    });

    it('an empty body: 415', async () => {
      expectError(await upload(baseUrl, Buffer.alloc(0), token), 415, ErrorCode.UnsupportedMediaType);
    });

    it('an SVG: 415', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>');
      expectError(
        await upload(baseUrl, svg, token, { 'Content-Type': 'image/svg+xml' }),
        415,
        'unsupported_media_type',
      );
    });

    it('a body over the limit, streamed without a length: 413 once it goes past', async () => {
      const head = await picture('png', 8, 8);
      const chunk = Buffer.alloc(16 * 1024, 7);
      const chunks = [head, ...Array.from({ length: 40 }, () => chunk)];
      const answer = await send(baseUrl, 'POST', '/images', {
        headers: { Authorization: `Bearer ${token}` },
        chunks,
      });
      expect(expectError(answer, 413, ErrorCode.PayloadTooLarge).details).toEqual({
        max_bytes: MAX_UPLOAD_BYTES,
      });
    });

    it('a body whose declared length is over the limit: 413 before any of it is read', async () => {
      const answer = await send(baseUrl, 'POST', '/images', {
        headers: { Authorization: `Bearer ${token}`, 'Content-Length': String(MAX_UPLOAD_BYTES + 1) },
        chunks: [await picture('png', 8, 8)],
      });
      expectError(answer, 413, ErrorCode.PayloadTooLarge);
    });

    it('a PNG whose header claims 50,000 x 50,000 pixels: 422 with the reason', async () => {
      const answer = await upload(baseUrl, pngClaiming(50_000, 50_000), token);
      const body = expectError(answer, 422, ErrorCode.ValidationFailed);
      expect(body.details).toEqual({
        errors: { image: ['is 50000 x 50000 pixels; the most either side may be is 10000 pixels'] },
      });
    });

    it('a truncated JPEG: 422', async () => {
      const bytes = await picture('jpeg', 300, 200);
      const answer = await upload(baseUrl, bytes.subarray(0, Math.floor(bytes.length / 2)), token);
      expect(expectError(answer, 422, ErrorCode.ValidationFailed).details).toEqual({
        errors: { image: ['could not be read as an image'] },
      });
    });

    it('a PNG signature followed by garbage: 422', async () => {
      const bytes = Buffer.concat([(await picture('png')).subarray(0, 8), Buffer.alloc(200, 1)]);
      expectError(await upload(baseUrl, bytes, token), 422, ErrorCode.ValidationFailed);
    });

    it('no token: 401', async () => {
      expectError(await upload(baseUrl, await picture('png'), undefined), 401, ErrorCode.Unauthenticated);
    });

    it.each([
      ['a token that is not one', () => Promise.resolve('not-a-token')],
      [
        'an expired token',
        () =>
          signTestToken(process.env.TEST_JWT_PRIVATE_KEY!, {
            sub: uploader.id,
            exp: Math.floor(Date.now() / 1000) - 3600,
          }),
      ],
      [
        'a token for another audience',
        () => signTestToken(process.env.TEST_JWT_PRIVATE_KEY!, { aud: 'elsewhere' }),
      ],
    ])('%s: 401', async (_, makeToken) => {
      expectError(
        await upload(baseUrl, await picture('png'), await makeToken()),
        401,
        ErrorCode.Unauthenticated,
      );
    });

    it('a token given another way than as a bearer token: 401', async () => {
      const answer = await upload(baseUrl, await picture('png'), undefined, {
        Authorization: `Basic ${token}`,
      });
      expectError(answer, 401, ErrorCode.Unauthenticated);
    });
  });
});

describe('an upload the client abandons half-way', () => {
  it('leaves nothing behind', async () => {
    const before = await stored();
    const bytes = await picture('png', 200, 200);
    await new Promise<void>((resolve) => {
      const req = httpRequest(new URL('/images', baseUrl), {
        method: 'POST',
        agent: false,
        headers: { Authorization: `Bearer ${token}`, 'Content-Length': String(bytes.length * 4) },
      });
      req.on('error', () => resolve());
      req.write(bytes, () => setTimeout(() => req.destroy(), 50));
    });
    await eventually(async () => expect(await stored()).toEqual(before));
  });
});

describe('GET /images/:id', () => {
  let image: ImageView;
  let bytes: Buffer;

  beforeAll(async () => {
    bytes = await picture('webp', 20, 10);
    image = json<ImageView>(await upload(baseUrl, bytes, token));
  });

  it('streams the original with its type, length, ETag and immutable caching', async () => {
    const answer = await send(baseUrl, 'GET', `/images/${image.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(bytes);
    expect(answer.headers).toMatchObject({
      'content-type': 'image/webp',
      'content-length': String(bytes.length),
      etag: `"${image.checksum}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  });

  it('answers 304 without a body when the client has it', async () => {
    for (const tag of [`"${image.checksum}"`, `"other", W/"${image.checksum}"`, '*']) {
      const answer = await send(baseUrl, 'GET', `/images/${image.id}`, { headers: { 'If-None-Match': tag } });
      expect(answer.status).toBe(304);
      expect(answer.body.length).toBe(0);
      expect(answer.headers.etag).toBe(`"${image.checksum}"`);
    }
  });

  it('answers 200 when the client has another version', async () => {
    const answer = await send(baseUrl, 'GET', `/images/${image.id}`, {
      headers: { 'If-None-Match': '"stale"' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(bytes);
  });

  it.each([randomUUID(), 'not-a-uuid', '..%2F..%2Fetc%2Fpasswd'])('answers 404 JSON for %s', async (id) => {
    const answer = await send(baseUrl, 'GET', `/images/${id}`);
    expectError(answer, 404, ErrorCode.NotFound);
  });
});
