import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DEFAULT_PORTS, eventually, TcpProxy, TestEnvironment } from '@shotcaller/testing';

const ROOT = new URL('../../', import.meta.url);
const API_LIMIT = 200;
const env = new TestEnvironment('e2e-limits-replicas');
const started: ChildProcess[] = [];
let replicas: string[];
let redisProxy: TcpProxy;
let behindProxy: string;

/** A gateway as a real process, from its sources, on this file's Redis keys and NATS prefix. */
async function startGateway(settings: Record<string, string> = {}): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', './libs/testing/ts-register.mjs', 'apps/gateway/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env.gateway({
          TRUST_PROXY: 'true',
          RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT),
          ...settings,
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  started.push(child);
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /listening on (http:\/\/\S+?)"/.exec(line);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited during boot (code ${code})`)));
  });
}

interface Answer {
  replica: number;
  status: number;
  body: Record<string, unknown>;
  retryAfterHeader: string | null;
}

/** A request that passes no limit of its own: no token, so the auth guard answers 401 once limits let it by. */
async function current(replica: number, address: string, baseUrl = replicas[replica]): Promise<Answer> {
  const response = await fetch(`${baseUrl}/api/v2/users/current`, {
    headers: { 'X-Forwarded-For': address },
  });
  return {
    replica,
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    retryAfterHeader: response.headers.get('retry-after'),
  };
}

beforeAll(async () => {
  redisProxy = await TcpProxy.start(env.stores.redis, DEFAULT_PORTS.redis);
  [replicas, behindProxy] = await Promise.all([
    Promise.all([startGateway(), startGateway()]),
    startGateway({ REDIS_URL: redisProxy.urlFor(env.stores.redis) }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(
    started.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await redisProxy?.close();
  await env.cleanup();
});

function expectWithinLimit(answers: Answer[]): void {
  const admitted = answers.filter((answer) => answer.status !== 429);
  // Admitted means past the limits: the auth guard, which comes after them, refused the missing token.
  expect(new Set(admitted.map((answer) => answer.status))).toEqual(new Set([401]));
  expect(admitted.length).toBeLessThanOrEqual(API_LIMIT);
  expect(admitted.length).toBeGreaterThanOrEqual(API_LIMIT * 0.9);

  const limited = answers.filter((answer) => answer.status === 429);
  expect(new Set(limited.map((answer) => answer.replica))).toEqual(new Set([0, 1]));
  for (const answer of limited) {
    expect(answer.body).toMatchObject({ status: 429, code: 'rate_limited', retry_after: expect.any(Number) });
    const retryAfter = answer.body.retry_after as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(answer.retryAfterHeader).toBe(String(retryAfter));
  }
}

describe('the api limit on two gateway processes sharing Redis', () => {
  it('admits no more than the limit and within 10% of it, to requests sent concurrently to both', async () => {
    const answers: Answer[] = [];
    for (let wave = 0; wave < 10; wave += 1) {
      const requests = Array.from({ length: 40 }, (_, index) => current(index % 2, '10.61.0.1'));
      answers.push(...(await Promise.all(requests)));
    }
    expectWithinLimit(answers);
  });

  it('admits no more than the limit and within 10% of it, to requests alternating between them', async () => {
    const answers: Answer[] = [];
    for (let index = 0; index < API_LIMIT + 40; index += 1)
      answers.push(await current(index % 2, '10.61.0.2'));
    expectWithinLimit(answers);
  });

  it('counts each client address on its own, and never health checks', async () => {
    for (let index = 0; index < 300; index += 1) await current(index % 2, '10.61.0.3');
    expect((await current(0, '10.61.0.3')).status).toBe(429);

    expect((await current(0, '10.61.0.4')).status).toBe(401);
    expect((await current(1, '10.61.0.4')).status).toBe(401);
    for (const baseUrl of replicas) {
      const health = await fetch(`${baseUrl}/health/live`, { headers: { 'X-Forwarded-For': '10.61.0.3' } });
      expect(health.status).toBe(200);
    }
  });
});

describe('a gateway that loses Redis', () => {
  it('spends the budget it holds, answers 503 once it needs more, and recovers', async () => {
    const replica = 2;
    // The first request reserves a chunk of API_LIMIT / 20 and spends one of it.
    expect((await current(replica, '10.62.0.1', behindProxy)).status).toBe(401);
    await redisProxy.cut();
    try {
      const held = [];
      for (let index = 0; index < API_LIMIT / 20 - 1; index += 1)
        held.push((await current(replica, '10.62.0.1', behindProxy)).status);
      expect(held).toEqual(held.map(() => 401));

      const needsRedis = await current(replica, '10.62.0.1', behindProxy);
      expect(needsRedis.status).toBe(503);
      expect(needsRedis.body).toMatchObject({ status: 503, code: 'dependency_unavailable' });
      expect((await current(replica, '10.62.0.2', behindProxy)).status).toBe(503);
    } finally {
      await redisProxy.open();
    }
    await eventually(async () => expect((await current(replica, '10.62.0.1', behindProxy)).status).toBe(401));
  });
});
