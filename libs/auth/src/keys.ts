import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { ConfigError } from '@shotcaller/observability';

export const ACCESS_TOKEN_ALGORITHM = 'ES256';

export interface SigningKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh ES256 (P-256) key pair in PEM: PKCS#8 private key for the issuer, SPKI public key for verifiers. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function assertP256(key: KeyObject, variable: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError([`${variable} must be an EC P-256 key (ES256); npm run keys:generate makes one`]);
  }
}

/** Parses the issuer's private key; a bad key stops the boot naming the variable. */
export function readPrivateKey(pem: string, variable = 'JWT_PRIVATE_KEY'): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError([`${variable} is not a PEM private key`]);
  }
  assertP256(key, variable);
  return key;
}

/** Parses a verifier's public key; a bad key stops the boot naming the variable. */
export function readPublicKey(pem: string, variable = 'JWT_PUBLIC_KEY'): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ConfigError([`${variable} is not a PEM public key`]);
  }
  assertP256(key, variable);
  return key;
}

/** Key id: a short fingerprint of the public key, so verifiers can tell keys apart during a rotation. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url')
    .slice(0, 16);
}
