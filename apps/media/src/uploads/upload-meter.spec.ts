import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@shotcaller/contracts';
import { UploadMeter } from './upload-meter.js';

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

/** Streams `chunks` through a meter; what came out, or the error it failed with. */
async function meter(chunks: Buffer[], maxBytes: number) {
  const upload = new UploadMeter(maxBytes);
  const out: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => out.push(chunk));
  try {
    await pipeline(Readable.from(chunks), upload, sink);
    return { result: upload.result(), out: Buffer.concat(out) };
  } catch (error) {
    return { error: error as { code?: string }, out: Buffer.concat(out) };
  }
}

describe('UploadMeter', () => {
  it('passes the bytes on, counting and hashing them, with the type the first bytes say', async () => {
    const body = Buffer.concat([PNG_HEAD, Buffer.alloc(300, 1)]);
    const chunks = [body.subarray(0, 3), body.subarray(3, 100), body.subarray(100)];
    const { result, out } = await meter(chunks, 1000);
    expect(out).toEqual(body);
    expect(result).toEqual({
      contentType: 'image/png',
      byteSize: body.length,
      checksum: createHash('sha256').update(body).digest('hex'),
    });
  });

  it('takes a file shorter than the bytes it sniffs', async () => {
    const { result } = await meter([Buffer.from('GIF89a')], 1000);
    expect(result?.contentType).toBe('image/gif');
  });

  it('fails once the bytes go past the limit, an exact fit passing', async () => {
    const body = Buffer.concat([PNG_HEAD, Buffer.alloc(88)]);
    expect((await meter([body], 100)).result?.byteSize).toBe(100);
    const over = await meter([body, Buffer.alloc(1)], 100);
    expect(over.error?.code).toBe(ErrorCode.PayloadTooLarge);
  });

  it('fails on bytes that are not an accepted image, before passing any of them on', async () => {
    const text = await meter(
      [Buffer.from('just some text, long enough to be sniffed as not an image at all')],
      1000,
    );
    expect(text.error?.code).toBe(ErrorCode.UnsupportedMediaType);
    expect(text.out.length).toBe(0);
    expect((await meter([], 1000)).error?.code).toBe(ErrorCode.UnsupportedMediaType);
  });
});
