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

const PUBLIC_KEY_PEM = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/**
 * The keys tokens are verified with, by key id (`kid`): the current signing key and, during a rotation, the
 * earlier ones whose tokens have not expired yet. Tokens name their key, so no signature is tried twice.
 */
export class VerificationKeys {
  private readonly byId = new Map<string, KeyObject>();

  constructor(keys: KeyObject[]) {
    for (const key of keys) this.byId.set(keyId(key), key);
  }

  /** Every PEM public key in `pems` (concatenated PEM blocks); a bad one stops the boot naming the variable. */
  static fromPem(pems: string, variable = 'JWT_PUBLIC_KEY'): VerificationKeys {
    const blocks = pems.match(PUBLIC_KEY_PEM) ?? [];
    if (blocks.length === 0 && pems.trim() !== '') {
      throw new ConfigError([`${variable} holds no PEM public key (-----BEGIN PUBLIC KEY-----)`]);
    }
    return new VerificationKeys(blocks.map((block) => readPublicKey(block, variable)));
  }

  /** These keys and the public halves of the given private keys. */
  with(...keys: KeyObject[]): VerificationKeys {
    return new VerificationKeys([...this.byId.values(), ...keys.map((key) => createPublicKey(key))]);
  }

  get(kid: unknown): KeyObject | undefined {
    return typeof kid === 'string' ? this.byId.get(kid) : undefined;
  }

  get size(): number {
    return this.byId.size;
  }
}
