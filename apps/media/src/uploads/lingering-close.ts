import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long, and how much more of a refused body, is read (and thrown away) after the refusal is sent. */
export const LINGER_MS = 1000;
export const LINGER_BYTES = 1024 * 1024;

/**
 * Sends a refusal made before the request's body was read to its end (too large, not an image, no token). The
 * body is no longer stored, but what the client is still sending is read and dropped for a moment, up to
 * LINGER_MS and LINGER_BYTES, then the connection is closed. Closing at once, with bytes unread, resets the
 * connection, and a client still writing (the gateway streaming an upload) may then never read the refusal.
 * Node would close at once for a client that asked for `Connection: close`: the connection is kept for the
 * moment here instead, and closed once the body is through.
 */
export function answerThenLinger(request: IncomingMessage, response: ServerResponse, send: () => void): void {
  if (request.complete) {
    send();
    return;
  }
  const socket = request.socket;
  const clientCloses = !response.shouldKeepAlive;
  response.shouldKeepAlive = true;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MS);
  let dropped = 0;
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  request.once('end', () => {
    clearTimeout(timer);
    if (clientCloses) socket.end();
  });
  request.once('error', close);
  send();
  request.resume();
}
