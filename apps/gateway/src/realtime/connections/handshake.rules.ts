/** Longest token text read from a handshake; real tokens are well under 2 KiB. */
export const MAX_TOKEN_LENGTH = 8192;

/** A token as clients send it: the bare JWT, or `Bearer <jwt>` (as ActionCable clients put it in `?token=`). */
export function cleanToken(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > MAX_TOKEN_LENGTH) return undefined;
  const bearer = /^bearer\s+(\S+)$/i.exec(text);
  const token = bearer ? bearer[1] : text;
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) ? token : undefined;
}

/** The token of a socket.io handshake: `auth.token` first, then `?token=`. */
export function handshakeToken(auth: unknown, query: unknown): string | undefined {
  const fromAuth =
    typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  if (fromAuth !== undefined) return cleanToken(fromAuth);
  const fromQuery =
    typeof query === 'object' && query !== null ? (query as { token?: unknown }).token : undefined;
  return cleanToken(fromQuery);
}

/**
 * The `scp` claim of a token, read without verifying it: only to choose which verifier checks the token (a user
 * token's or a participant token's), never to believe anything.
 */
export function unverifiedScope(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as unknown;
    const scope =
      typeof payload === 'object' && payload !== null ? (payload as { scp?: unknown }).scp : undefined;
    return typeof scope === 'string' ? scope : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds until a connection must close for its token's expiry (setTimeout's maximum at most). */
export function msUntilExpiry(expiresAt: number, now: number): number {
  return Math.min(Math.max(0, expiresAt - now), 2_147_483_647);
}
