import { randomBytes } from 'node:crypto';
import { openSecret, sealingKeyFrom, sealSecret, SealedSecretError } from './sealed-secrets.js';

const key = randomBytes(32).toString('base64');
const otherKey = randomBytes(32).toString('base64');
const token = 'secret_NotionIntegrationToken0123456789é✓';

function failure(run: () => unknown): SealedSecretError {
  try {
    run();
  } catch (error) {
    if (error instanceof SealedSecretError) return error;
    throw error;
  }
  throw new Error('expected a SealedSecretError');
}

describe('sealSecret / openSecret', () => {
  it('opens what it sealed, under the same key given as base64 or as bytes', () => {
    const sealed = sealSecret(token, key);
    expect(openSecret(sealed, key)).toBe(token);
    expect(openSecret(sealed, Buffer.from(key, 'base64'))).toBe(token);
    expect(openSecret(sealSecret('', key), key)).toBe('');
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url, never the secret, with a fresh IV each time', () => {
    const sealed = sealSecret(token, key);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('NotionIntegrationToken');
    const again = sealSecret(token, key);
    expect(again).not.toBe(sealed);
    expect(again.split('.')[1]).not.toBe(sealed.split('.')[1]);
  });

  it('refuses a secret sealed under another key', () => {
    const error = failure(() => openSecret(sealSecret(token, otherKey), key));
    expect(error.code).toBe('sealed_secret_tampered');
    expect(error.message).not.toContain(token);
  });

  it.each([
    ['the ciphertext', 3],
    ['the tag', 2],
    ['the IV', 1],
  ])('refuses a sealed secret whose %s was altered', (_part, index) => {
    const parts = sealSecret(token, key).split('.');
    const bytes = Buffer.from(parts[index], 'base64url');
    bytes[0] ^= 1;
    parts[index] = bytes.toString('base64url');
    expect(failure(() => openSecret(parts.join('.'), key)).code).toBe('sealed_secret_tampered');
  });

  it.each([
    ['plain text', token],
    ['another version', sealSecret(token, key).replace(/^v1/, 'v2')],
    ['a missing part', sealSecret(token, key).split('.').slice(1).join('.')],
    ['an empty text', ''],
    ['a huge text', `v1.${'A'.repeat(16)}.${'A'.repeat(22)}.${'A'.repeat(20_000)}`],
  ])('refuses %s as malformed', (_case, sealed) => {
    const error = failure(() => openSecret(sealed, key));
    expect(error.code).toBe('sealed_secret_malformed');
    expect(error.message).not.toContain(token);
  });

  it('refuses a key that is not 32 bytes of base64', () => {
    for (const bad of [
      '',
      'not base64!',
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('base64'),
    ]) {
      expect(failure(() => sealingKeyFrom(bad)).code).toBe('sealed_secret_key_invalid');
      expect(failure(() => sealSecret(token, bad)).code).toBe('sealed_secret_key_invalid');
    }
    expect(failure(() => sealSecret(token, randomBytes(31))).code).toBe('sealed_secret_key_invalid');
    expect(sealingKeyFrom(` ${key}\n`)).toHaveLength(32);
  });
});
