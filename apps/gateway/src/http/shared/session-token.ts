import type { Response } from 'express';

/** Hands a token to the client the way the Rails API did: in the Authorization response header. */
export function sendToken(res: Response, token: string): void {
  res.setHeader('Authorization', `Bearer ${token}`);
}
