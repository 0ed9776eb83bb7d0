#!/usr/bin/env node
// Writes an ES256 (P-256) key pair for access tokens: jwt-private.pem (for campaign, which signs) and
// jwt-public.pem (for the gateway, which verifies). Usage: generate-keys.mjs [dir] [--if-missing]
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const dir = resolve(args.find((arg) => !arg.startsWith('--')) ?? '.local/keys');
const privatePath = join(dir, 'jwt-private.pem');
const publicPath = join(dir, 'jwt-public.pem');

if (args.includes('--if-missing') && existsSync(privatePath) && existsSync(publicPath)) {
  console.log(`Access-token keys already in ${dir}`);
  process.exit(0);
}

const { privateKey, publicKey } = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
mkdirSync(dir, { recursive: true });
writeFileSync(privatePath, privateKey, { mode: 0o600 });
writeFileSync(publicPath, publicKey, { mode: 0o644 });
console.log(`Wrote ${privatePath} and ${publicPath}`);
