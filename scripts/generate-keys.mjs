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
  // --only jwt|location: one of the two pairs (Docker Compose keeps them in separate volumes).
  const onlyAt = args.indexOf('--only');
  const only = onlyAt === -1 ? undefined : args[onlyAt + 1];
  const dir = resolve(
    args.find((arg, at) => !arg.startsWith('--') && (onlyAt === -1 || at !== onlyAt + 1)) ?? '.local/keys',
  );
  if (only !== undefined && only !== 'jwt' && only !== 'location') {
    console.error('--only takes jwt or location');
    process.exit(2);
  }
  for (const name of ['jwt', 'location']) {
    if (only === undefined || only === name)
      generateKeys(dir, { ifMissing: args.includes('--if-missing'), name });
  }
}
