import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import {
  ErrorCode,
  isErrorCode,
  MediaHttp,
  ServiceError,
  type ErrorPayload,
  type ImageView,
} from '@shotcaller/contracts';
import type { Request, Response } from 'express';

/** How long the media service may stay silent (no byte either way) before an upload or a read is given up. */
const IDLE_TIMEOUT_MS = 30_000;
/** The most of an error answer read back (it is a small JSON object). */
const ERROR_BODY_MAX = 16 * 1024;

/** The headers of a stored image passed back to the client as the media service set them. */
const IMAGE_HEADERS = [
  'content-type',
  'content-length',
  'etag',
  'cache-control',
  'last-modified',
  'x-content-type-options',
] as const;

function unavailable(): ServiceError {
  return new ServiceError(ErrorCode.ServiceUnavailable, 'The media service is not available');
}

/** An answer's JSON, read up to `limit` bytes (undefined when longer or not JSON). */
async function jsonOf(answer: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      answer.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The media service's refusal as the ServiceError it names (a 5xx or an unreadable answer: unavailable). */
function refusalOf(status: number, body: unknown): ServiceError {
  const payload = body as Partial<ErrorPayload> | undefined;
  if (status < 500 && payload && isErrorCode(payload.code) && typeof payload.message === 'string') {
    return new ServiceError(payload.code, payload.message, payload.details);
  }
  return unavailable();
}

/**
 * The media service's HTTP side (MEDIA_SERVICE_URL), which carries image bytes: NATS carries control messages
 * only. Uploads stream through the gateway as they arrive; stored images stream back the same way.
 */
export class MediaClient {
  constructor(private readonly base: URL) {}

  /**
   * Streams an upload's bytes to the media service for the signed-in uploader; answers the stored image, or
   * fails with the media service's refusal (413, 415, 422) or `service_unavailable`.
   */
  upload(bytes: Readable, token: string): Promise<ImageView> {
    return new Promise<ImageView>((resolve, reject) => {
      const outgoing = this.send(new URL(MediaHttp.uploadPath, this.base), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      });
      outgoing.on('error', () => reject(unavailable()));
      outgoing.on('response', (answer) => {
        // An early answer (the media service refused the upload before its end): the rest is not sent on.
        bytes.unpipe(outgoing);
        void jsonOf(answer, answer.statusCode === 201 ? 64 * 1024 : ERROR_BODY_MAX)
          .then(
            (body) =>
              answer.statusCode === 201 && body !== undefined
                ? resolve(body as ImageView)
                : reject(refusalOf(answer.statusCode ?? 502, body)),
            () => reject(unavailable()),
          )
          .finally(() => {
            if (!outgoing.writableEnded) outgoing.destroy();
          });
      });
      bytes.on('error', (error) => outgoing.destroy(error));
      bytes.pipe(outgoing);
    });
  }

  /**
   * Streams a stored image back to the client, with its validators and cache headers; a conditional request
   * the image still matches is 304. A missing image is the media service's 404.
   */
  pipeImage(id: string, request: Request, response: Response): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const conditional = request.headers['if-none-match'];
      const outgoing = this.send(new URL(MediaHttp.imagePath(id), this.base), {
        method: 'GET',
        headers: conditional ? { 'if-none-match': conditional } : {},
      });
      outgoing.on('error', () => (response.headersSent ? response.destroy() : reject(unavailable())));
      outgoing.on('response', (answer) => {
        const status = answer.statusCode ?? 502;
        if (status !== 200 && status !== 304) {
          void jsonOf(answer, ERROR_BODY_MAX).then((body) => reject(refusalOf(status, body)), reject);
          return;
        }
        for (const name of IMAGE_HEADERS) {
          const value = answer.headers[name];
          if (value !== undefined) response.setHeader(name, value);
        }
        response.status(status);
        answer.pipe(response);
        answer.on('end', resolve);
        answer.on('error', () => response.destroy());
      });
      outgoing.end();
    });
  }

  private send(url: URL, options: { method: string; headers: Record<string, string | string[]> }) {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { ...options, timeout: IDLE_TIMEOUT_MS });
    outgoing.on('timeout', () => outgoing.destroy(new Error('The media service did not answer in time')));
    return outgoing;
  }
}
