import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { natsSubject, Subjects } from '@shotcaller/contracts';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The answer's body as JSON. */
export function json<T = Record<string, unknown>>(answer: HttpAnswer): T {
  return JSON.parse(answer.body.toString('utf8')) as T;
}

/**
 * An HTTP request as the gateway would send it, the body written chunk by chunk (chunked transfer when no
 * Content-Length is given). Writing stops once the answer has begun: a server that refuses an upload early
 * answers before reading it all, and the answer is what counts.
 */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; chunks?: Buffer[] } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    // A connection of its own: one whose body was refused half-sent is never reused.
    const target = new URL(path, baseUrl);
    const req = httpRequest(target, { method, headers: options.headers, agent: false }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
      );
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const write = async () => {
      for (const chunk of options.chunks ?? []) {
        if (answered || req.destroyed) return;
        if (!req.write(chunk)) await new Promise((drained) => req.once('drain', drained));
        await new Promise((next) => setImmediate(next));
      }
      if (!answered && !req.destroyed) req.end();
    };
    void write();
  });
}

/** An upload of `bytes` as one body with its length, by a bearer of `token` (none when undefined). */
export function upload(
  baseUrl: string,
  bytes: Buffer,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return send(baseUrl, 'POST', '/images', {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(bytes.length),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    chunks: [bytes],
  });
}

export const FORMATS = ['jpeg', 'png', 'webp', 'gif', 'avif'] as const;
export type Format = (typeof FORMATS)[number];

/** A small picture in `format`, made with sharp. */
export function picture(format: Format, width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } })
    .toFormat(format)
    .toBuffer();
}

/** A PNG whose header claims `width` x `height` (with a valid CRC), carrying a few bytes of pixel data. */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every file under a directory, staging included, as paths relative to it. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

/**
 * Stands in for the campaign service's `campaign.images.referenced`: answers, of the ids asked about, those in
 * `referenced`. Records each question.
 */
export class ReferencedResponder {
  readonly questions: string[][] = [];
  referenced = new Set<string>();
  private subscription: Subscription | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  start(): this {
    this.subscription = this.nc.subscribe(natsSubject(Subjects.campaign.images.referenced, this.prefix), {
      callback: (_error, message) => {
        const { id, data } = message.json<{ id: string; data: { image_ids: string[] } }>();
        this.questions.push(data.image_ids);
        const image_ids = data.image_ids.filter((imageId) => this.referenced.has(imageId));
        message.respond(JSON.stringify({ id, isDisposed: true, response: { image_ids } }));
      },
    });
    return this;
  }

  /** No one answers any more: the campaign service is down. */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    await this.nc.flush();
  }
}

/** Every event published on a subject, as the campaign service would receive it. */
export class Events<T> {
  readonly received: T[] = [];
  private readonly subscription: Subscription;

  constructor(nc: NatsConnection, subject: string, prefix: string) {
    this.subscription = nc.subscribe(natsSubject(subject, prefix), {
      callback: (_error, message) => {
        this.received.push(message.json<T>());
      },
    });
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}
