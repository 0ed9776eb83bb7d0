import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets kept at rest sealed (a third party's token in a database row, in a queued job): AES-256-GCM with a
 * random 12-byte IV, written `v1.<iv>.<tag>.<ciphertext>` (each part base64url). The key is 32 bytes, given in
 * configuration as base64. Whoever stores a sealed secret and whoever opens it share the key; nothing else does.
 */
const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Longest sealed text opened: a secret of up to 8 KiB, with room for the envelope. */
export const SEALED_SECRET_MAX = 11_000;
/** `v1.<16 base64url chars>.<22 base64url chars>.<ciphertext>` */
const SEALED_PATTERN = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;

/** Why a secret could not be sealed or opened. The message never carries the secret nor the key. */
export class SealedSecretError extends Error {
  constructor(
    readonly code: 'sealed_secret_key_invalid' | 'sealed_secret_malformed' | 'sealed_secret_tampered',
    message: string,
  ) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

/** The 32-byte key from its configured base64 (or base64url) text; throws when it is not exactly 32 bytes. */
export function sealingKeyFrom(base64: string): Buffer {
  const text = base64.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new SealedSecretError(
      'sealed_secret_key_invalid',
      `A sealing key must be ${KEY_BYTES} bytes written as base64 (openssl rand -base64 32)`,
    );
  }
  return key;
}

function keyBytes(key: string | Buffer): Buffer {
  if (typeof key === 'string') return sealingKeyFrom(key);
  if (key.length !== KEY_BYTES) return sealingKeyFrom('');
  return key;
}

/** Seals `plain` under `key` (32 bytes, or their base64); each call uses a fresh IV. */
export function sealSecret(plain: string, key: string | Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyBytes(key), iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/**
 * The secret sealed in `sealed` by sealSecret with the same key. Throws SealedSecretError: `malformed` when the text
 * is not a sealed secret, `tampered` when it was altered or sealed under another key.
 */
export function openSecret(sealed: string, key: string | Buffer): string {
  const secretKey = keyBytes(key);
  const parts = sealed.length <= SEALED_SECRET_MAX ? SEALED_PATTERN.exec(sealed) : null;
  if (!parts) {
    throw new SealedSecretError(
      'sealed_secret_malformed',
      'The value is not a sealed secret (v1.<iv>.<tag>.<data>)',
    );
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  try {
    const decipher = createDecipheriv(ALGORITHM, secretKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedSecretError(
      'sealed_secret_tampered',
      'The sealed secret was altered or sealed under another key',
    );
  }
}
