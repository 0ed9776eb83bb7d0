#!/usr/bin/env node
// Writes NATS authentication for the six services: one nkey seed per service (<dir>/<service>.nk, mode 0600, kept
// when already there) and a nats-server configuration holding only their public keys, each user allowed the
// subjects of libs/contracts/src/nats-access.json inside the environment's namespace (NATS_SUBJECT_PREFIX).
// Usage: nats-auth.mjs [dir] [--seeds TEMPLATE] [--conf FILE] [--prefix P] [--host H] [--port N] [--jetstream DIR]
//   dir          where the seeds and the configuration go (default .local/nats)
//   --seeds      each seed's path instead, {service} standing for the service (e.g. /nats/seed-{service}/nats.nk)
//   --conf       the configuration's path instead
//   --prefix     the subject prefix of the environment (default: $NATS_SUBJECT_PREFIX, else none)
//   --host/port  where the server listens (default: nats-server's own, 0.0.0.0:4222)
//   --jetstream  turn JetStream on, storing under this directory
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createUser, fromSeed } from '@nats-io/nkeys';

const ACCESS_FILE = new URL('../libs/contracts/src/nats-access.json', import.meta.url);
const SUBJECT_TOKEN = /^[A-Za-z0-9_-]+$/;

/** The permissions table: service -> {inbox, publish, publishDeny?, subscribe, allowResponses}, logical subjects. */
export function readAccessTable() {
  return JSON.parse(readFileSync(ACCESS_FILE, 'utf8')).services;
}

const inNamespace = (subject, prefix) => (prefix ? `${prefix}.${subject}` : subject);

/** What the NATS server enforces for a service: wire subjects, its own inbox prefix included. */
export function wirePermissions(access, prefix = '') {
  return {
    publish: access.publish.map((subject) => inNamespace(subject, prefix)),
    publishDeny: (access.publishDeny ?? []).map((subject) => inNamespace(subject, prefix)),
    subscribe: [...access.subscribe, `${access.inbox}.>`].map((subject) => inNamespace(subject, prefix)),
    allowResponses: access.allowResponses,
  };
}

/** The service's seed file: kept if it holds a valid user seed, else a new one. Returns its public key. */
function ensureSeed(path, service, log) {
  if (existsSync(path)) {
    try {
      const pair = fromSeed(new TextEncoder().encode(readFileSync(path, 'utf8').trim()));
      const publicKey = pair.getPublicKey();
      if (publicKey.startsWith('U')) return publicKey;
    } catch {
      // reported below, without the file's contents
    }
    throw new Error(`${path} is not a NATS user nkey seed; remove it to have a new one made for ${service}`);
  }
  const pair = createUser();
  writeFileSync(path, `${new TextDecoder().decode(pair.getSeed())}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  log(`Wrote ${path}`);
  return pair.getPublicKey();
}

const quoted = (text) => JSON.stringify(text);
const list = (subjects) => `[${subjects.map(quoted).join(', ')}]`;

function serverConfig({ users, prefix, host, port, jetstream }) {
  const lines = [
    '# Written by scripts/nats-auth.mjs from libs/contracts/src/nats-access.json. Public keys only: each service',
    `# holds its own seed. Subject prefix: ${prefix ? quoted(prefix) : '(none)'}.`,
  ];
  if (host) lines.push(`host: ${quoted(host)}`);
  if (port !== undefined) lines.push(`port: ${port}`);
  if (jetstream) lines.push('jetstream {', `  store_dir: ${quoted(jetstream)}`, '}');
  lines.push('authorization {', '  users = [');
  for (const { service, publicKey, permissions } of users) {
    const deny = permissions.publishDeny.length > 0 ? `, deny: ${list(permissions.publishDeny)}` : '';
    lines.push(
      `    # ${service}`,
      '    {',
      `      nkey: ${quoted(publicKey)}`,
      '      permissions: {',
      `        publish: { allow: ${list(permissions.publish)}${deny} }`,
      `        subscribe: { allow: ${list(permissions.subscribe)} }`,
      `        allow_responses: ${permissions.allowResponses}`,
      '      }',
      '    }',
    );
  }
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

/**
 * Writes the seeds (`seeds`, default <dir>/{service}.nk) and the server configuration (`conf`, default
 * <dir>/nats-server.conf). Returns the configuration's path and each service's seed path and public key. Never
 * prints a seed.
 */
export function generateNatsAuth(
  dir,
  {
    seeds = join(dir, '{service}.nk'),
    conf = join(dir, 'nats-server.conf'),
    prefix = '',
    host,
    port,
    jetstream,
    log = console.log,
  } = {},
) {
  if (prefix && !prefix.split('.').every((token) => SUBJECT_TOKEN.test(token))) {
    throw new Error(`subject prefix ${quoted(prefix)}: use dot-separated letters, digits, _ and -`);
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new Error(`port ${port}: use a number from 0 to 65535`);
  }
  const services = {};
  const users = Object.entries(readAccessTable()).map(([service, access]) => {
    const seedPath = seeds.replaceAll('{service}', service);
    mkdirSync(dirname(seedPath), { recursive: true, mode: 0o700 });
    const publicKey = ensureSeed(seedPath, service, log);
    services[service] = { seedPath, publicKey };
    return { service, publicKey, permissions: wirePermissions(access, prefix) };
  });
  mkdirSync(dirname(conf), { recursive: true });
  writeFileSync(conf, serverConfig({ users, prefix, host, port, jetstream }), { mode: 0o644 });
  log(`Wrote ${conf} (${users.length} NATS users)`);
  return { confPath: conf, services };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        prefix: { type: 'string', default: process.env.NATS_SUBJECT_PREFIX ?? '' },
        seeds: { type: 'string' },
        conf: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        jetstream: { type: 'string' },
      },
    });
    generateNatsAuth(resolve(positionals[0] ?? '.local/nats'), {
      prefix: values.prefix,
      ...(values.seeds ? { seeds: resolve(values.seeds) } : {}),
      ...(values.conf ? { conf: resolve(values.conf) } : {}),
      host: values.host,
      port: values.port === undefined ? undefined : Number(values.port),
      jetstream: values.jetstream && resolve(values.jetstream),
    });
  } catch (error) {
    console.error(`nats-auth: ${error.message}`);
    process.exit(1);
  }
}
