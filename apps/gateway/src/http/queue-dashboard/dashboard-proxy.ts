import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Request, Response } from 'express';

/**
 * Not passed on: headers of one connection (RFC 9110 §7.6.1), the length (set again), and the browser's own
 * credentials, which the verified bearer token replaces.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'authorization',
  'content-length',
]);

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

/** The request's body as the gateway's JSON parser left it: re-encoded when parsed, else still to be read. */
function bodyOf(request: Request): Buffer | undefined {
  const parsed: unknown = request.body;
  if (
    parsed === undefined ||
    (typeof parsed === 'object' && parsed !== null && !Object.keys(parsed).length)
  ) {
    return request.readableEnded ? Buffer.alloc(0) : undefined;
  }
  return Buffer.from(JSON.stringify(parsed));
}

/**
 * Passes one request on to `target` (same path and query) with `token` as its bearer, and streams the answer
 * back. The browser's cookies never leave the gateway. Answers 503 when the target cannot be reached.
 */
export function passOn(
  request: Request,
  response: Response,
  target: URL,
  token: string,
  timeoutMs: number,
): void {
  const url = new URL(request.originalUrl, target);
  const body = bodyOf(request);
  const headers = {
    ...forwardedHeaders(request.headers),
    authorization: `Bearer ${token}`,
    ...(body ? { 'content-length': String(body.length) } : {}),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing = send(url, { method: request.method, headers, timeout: timeoutMs }, (answer) => {
    const answerHeaders = forwardedHeaders(answer.headers);
    if (answer.headers['content-length']) answerHeaders['content-length'] = answer.headers['content-length'];
    response.writeHead(answer.statusCode ?? 502, answerHeaders);
    answer.pipe(response);
  });
  outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
  outgoing.on('error', () => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(503).json({ error: 'The queue dashboard is not available', code: 'service_unavailable' });
  });
  if (body) outgoing.end(body);
  else request.pipe(outgoing);
}
