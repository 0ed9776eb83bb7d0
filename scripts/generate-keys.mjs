#!/usr/bin/env node
// Writes an ES256 (P-256) key pair for access tokens: jwt-private.pem (for campaign, which signs) and
// jwt-public.pem (for the gateway, which verifies); and one for location participant tokens:
// location-private.pem (realtime-location) and location-public.pem (gateway).
// Usage: generate-keys.mjs [dir] [--if-missing]
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Writes the pair into `dir` (unless `ifMissing` and both files exist); returns the two paths. `name` names the
 * files: `jwt` (access tokens) or `location` (participant tokens: realtime-location signs, the gateway verifies).
 */
export function generateKeys(dir, { ifMissing = false, log = console.log, name = 'jwt' } = {}) {
  const privatePath = join(dir, `${name}-private.pem`);
  const publicPath = join(dir, `${name}-public.pem`);
  if (ifMissing && existsSync(privatePath) && existsSync(publicPath)) {
    log(`${name === 'jwt' ? 'Access-token' : name} keys already in ${dir}`);
    return { privatePath, publicPath };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(privatePath, privateKey, { mode: 0o600 });
  writeFileSync(publicPath, publicKey, { mode: 0o644 });
  log(`Wrote ${privatePath} and ${publicPath}`);
  return { privatePath, publicPath };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dir = resolve(args.find((arg) => !arg.startsWith('--')) ?? '.local/keys');
  generateKeys(dir, { ifMissing: args.includes('--if-missing') });
  generateKeys(dir, { ifMissing: args.includes('--if-missing'), name: 'location' });
}
