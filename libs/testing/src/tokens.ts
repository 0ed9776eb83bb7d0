import { createPublicKey, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { keyId } from '@shotcaller/auth';
import { ACCESS_TOKEN_SCOPE } from '@shotcaller/contracts';

/**
 * Signs arbitrary access-token claims, for tests of what the gateway refuses: tokens signed with another key,
 * expired ones, wrong audience or issuer.
 */
export async function signTestToken(
  privateKeyPem: string,
  overrides: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: randomUUID(),
    jti: randomUUID(),
    scp: ACCESS_TOKEN_SCOPE,
    iss: 'shotcaller',
    aud: 'shotcaller',
    iat: now,
    exp: now + 3600,
    ver: 0,
    user: {
      email: 'someone@example.com',
      admin: false,
      first_name: 'Some',
      last_name: 'One',
      gamemaster: true,
      current_campaign: null,
      image_url: null,
    },
    ...overrides,
  };
  // The key id verifiers pick the key by, as the issuer sets it.
  const kid = keyId(createPublicKey(privateKeyPem));
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid, ...header })
    .sign(await importPKCS8(privateKeyPem, 'ES256'));
}

/** A token with `alg: none`: no signature at all. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}
