// Runs once before the integration and end-to-end suites (plain JavaScript: Jest loads it outside the test
// module system). Tests use PostgreSQL, Redis and NATS on this machine; any that does not answer is started with
// Testcontainers when Docker is available. Otherwise the run stops here, saying which store is missing.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createConnection } from 'node:net';

const STORES = {
  postgres: { variable: 'TEST_POSTGRES_URL', url: 'postgres://postgres@127.0.0.1:5432/postgres', port: 5432 },
  redis: { variable: 'TEST_REDIS_URL', url: 'redis://127.0.0.1:6379', port: 6379 },
  nats: { variable: 'TEST_NATS_URL', url: 'nats://127.0.0.1:4222', port: 4222 },
};

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || defaultPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function dockerAvailable() {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainer(store) {
  const { GenericContainer, Wait } = await import('testcontainers');
  if (store === 'postgres') {
    const container = await new GenericContainer('postgres:16')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return {
      container,
      url: `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`,
    };
  }
  if (store === 'redis') {
    const container = await new GenericContainer('redis:7').withExposedPorts(6379).start();
    return { container, url: `redis://${container.getHost()}:${container.getMappedPort(6379)}` };
  }
  const container = await new GenericContainer('nats:2')
    .withCommand(['-js'])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  return { container, url: `nats://${container.getHost()}:${container.getMappedPort(4222)}` };
}

export default async function globalSetup() {
  const missing = [];
  for (const [store, { variable, url, port }] of Object.entries(STORES)) {
    process.env[variable] ??= url;
    if (!(await reachable(process.env[variable], port))) missing.push(store);
  }
  if (missing.length > 0) {
    if (!dockerAvailable()) {
      const lines = missing.map((store) => `  - ${store} at ${process.env[STORES[store].variable]}`);
      throw new Error(
        `These stores are not reachable and Docker is not available to start them:\n${lines.join('\n')}\n` +
          'Start them (or point TEST_POSTGRES_URL, TEST_REDIS_URL, TEST_NATS_URL at running ones) and run again.',
      );
    }
    globalThis.__shotcallerContainers = [];
    for (const store of missing) {
      const { container, url } = await startContainer(store);
      globalThis.__shotcallerContainers.push(container);
      process.env[STORES[store].variable] = url;
    }
  }
  // One ES256 key pair per run: campaign signs with the private key, the gateway verifies with the public one.
  const keys = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  process.env.TEST_JWT_PRIVATE_KEY = keys.privateKey;
  process.env.TEST_JWT_PUBLIC_KEY = keys.publicKey;
}
