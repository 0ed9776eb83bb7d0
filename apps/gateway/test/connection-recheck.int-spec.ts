import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger, type INestApplication } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AccessTokenVerifier, TokenGate, TokenRevocationList, VerificationKeys } from '@shotcaller/auth';
import {
  ErrorCode,
  natsInboxPrefix,
  natsSubject,
  Subjects,
  type AccessTokenClaims,
  type ClosingNotice,
  type RegistrationGrant,
  type SessionGrant,
} from '@shotcaller/contracts';
import { NamespacedNatsClient, ServiceClient } from '@shotcaller/messaging';
import { Metrics } from '@shotcaller/observability';
import { connectRedis } from '@shotcaller/persistence';
import { DEFAULT_PORTS, eventually, NatsRequester, TcpProxy, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../campaign/src/boot.js';
import { loadCampaignConfig } from '../../campaign/src/config.js';
import { startMailing, type Mailing } from '../../campaign/test/support/mail-catcher.js';
import { GatewayRevocationStore } from '../src/auth/revocation-store.js';
import { GatewayTokenStates } from '../src/auth/token-states.js';
import { loadGatewayConfig } from '../src/config.js';
import { CONNECTION_LEASE_MS, ConnectionCapStore } from '../src/realtime/connections/connection-cap.store.js';
import {
  ConnectionRegistry,
  type RealtimeConnection,
} from '../src/realtime/connections/connection-registry.js';
import { identityKey, type RealtimeIdentity } from '../src/realtime/connections/identity.js';
import { RealtimeAuthenticator } from '../src/realtime/connections/realtime-authenticator.js';
import { realtimeOptions } from '../src/realtime/realtime.options.js';
import { TopicAccess } from '../src/realtime/topics/topic-access.js';
import { leaseEnd as leaseEndIn } from './support/connection-slots.js';

/**
 * The gateway's ConnectionRegistry with what it is built of in the gateway: the connection caps in real Redis, and
 * token checks through the gateway's own TokenGate, whose signed-out tokens and token versions come over real NATS
 * from the real campaign service. The gateway's NATS connection goes through a proxy, so a test can cut it and
 * make it miss an announcement. Connections are the registry's own abstraction (any transport): they record how
 * they were closed and leave the registry, as the socket.io and /cable connections do.
 *
 * Only the registry's intervals run on Jest's fake clock (setInterval), so a test moves them on at will; every
 * other timer, the clients' included, is real.
 */

const env = new TestEnvironment('connection-recheck-int');
const config = loadGatewayConfig(env.gateway());
const options = realtimeOptions(config);
const PASSWORD = 'secret123';

let campaign: INestApplication;
let mailing: Mailing;
/** A client of the system on a connection of its own (not cut): signs up, signs in and out. */
let client: NatsRequester;
/** The gateway's NATS connection runs through this. */
let proxy: TcpProxy;
let nats: NamespacedNatsClient;
let services: ServiceClient;
let redis: Redis;
let revocations: TokenRevocationList;
let tokenStates: GatewayTokenStates;
let caps: ConnectionCapStore;
let authenticator: RealtimeAuthenticator;
let access: TopicAccess;
let registry: ConnectionRegistry;

/** The registry's connections in these tests: each keeps the notices it was closed with. */
interface TestConnection extends RealtimeConnection {
  readonly notices: ClosingNotice[];
}

/** Authenticates a token as the transports do and admits its connection (`now`: when it was admitted). */
async function connect(token: string, now?: number): Promise<TestConnection> {
  const identity = await authenticator.authenticate(token);
  const notices: ClosingNotice[] = [];
  const connection: TestConnection = {
    id: randomUUID(),
    identity,
    notices,
    close(notice) {
      notices.push(notice);
      registry.remove(connection);
    },
  };
  await registry.admit(connection, now);
  return connection;
}

/** The end of a connection's slot lease, as Redis holds it (null: it holds none). */
const leaseEnd = (connection: RealtimeConnection) =>
  leaseEndIn(redis, identityKey(connection.identity), connection.id);

let accounts = 0;

/** Registers an account with the campaign service: its address and the token it signed up with. */
async function signUp(): Promise<{ email: string; token: string }> {
  accounts += 1;
  const email = `recheck${accounts}-${env.id}@example.com`;
  const grant = await client.expectOk<RegistrationGrant>(Subjects.campaign.users.register, {
    email,
    password: PASSWORD,
    first_name: 'Ada',
    last_name: 'Tester',
  });
  if (!grant.token) throw new Error('registration answered no token');
  return { email, token: grant.token };
}

/** Another session of the same account: a second token. */
async function signIn(email: string): Promise<SessionGrant> {
  return client.expectOk<SessionGrant>(Subjects.campaign.users.signIn, {
    email,
    password: PASSWORD,
    client_address: '10.20.30.40',
  });
}

const claimsOf = (identity: RealtimeIdentity): AccessTokenClaims => {
  if (identity.kind !== 'user') throw new Error('not a user');
  return identity.user.claims;
};

beforeAll(async () => {
  // Booted first: the first app booted in a process keeps Nest's shared logger.
  campaign = await bootCampaign(loadCampaignConfig(env.campaign()), { host: '127.0.0.1' });
  // Registration queues a mail, and fails when nothing takes it.
  mailing = await startMailing(env);
  // The NATS client logs every status change; the behaviour under test is asserted, not read from logs.
  Logger.overrideLogger(false);
  client = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);

  proxy = await TcpProxy.start(env.stores.nats, DEFAULT_PORTS.nats);
  const servers = [proxy.urlFor(env.stores.nats)];
  nats = new NamespacedNatsClient(env.subjectPrefix, {
    servers,
    inboxPrefix: natsInboxPrefix('gateway', env.subjectPrefix),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
    timeout: 3000,
  });
  const messaging = {
    service: 'gateway' as const,
    servers,
    subjectPrefix: env.subjectPrefix,
    requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    drainTimeoutMs: 1000,
  };
  services = new ServiceClient(nats, messaging, new Metrics('gateway'));
  await services.onModuleInit();
  redis = await connectRedis({ url: env.stores.redis, keyPrefix: env.redisKeyPrefix });

  revocations = new TokenRevocationList(new GatewayRevocationStore(services, nats));
  tokenStates = new GatewayTokenStates(services, nats);
  const verifier = new AccessTokenVerifier({
    keys: VerificationKeys.fromPem(config.JWT_PUBLIC_KEY),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  authenticator = new RealtimeAuthenticator(verifier, new TokenGate(revocations, tokenStates), options);
  access = new TopicAccess(services, options);
  caps = new ConnectionCapStore(redis);
  await revocations.onApplicationBootstrap();
  await tokenStates.onApplicationBootstrap();
});

afterAll(async () => {
  revocations?.onModuleDestroy();
  tokenStates?.onModuleDestroy();
  await services?.onApplicationShutdown();
  redis?.disconnect();
  await proxy?.close();
  await client?.close();
  await campaign?.close();
  await mailing?.stop();
  await env.cleanup();
});

beforeEach(async () => {
  // setInterval only: the registry's renewer and re-check. NATS, Redis and `eventually` keep real timers.
  jest.useFakeTimers({
    doNotFake: [
      'Date',
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
    ],
  });
  registry = new ConnectionRegistry(caps, authenticator, revocations, access, nats, options);
  await registry.onApplicationBootstrap();
});

afterEach(() => {
  registry.closeAll({ code: ErrorCode.ServiceUnavailable, message: 'Test over', reconnect: true });
  registry.onModuleDestroy();
  jest.useRealTimers();
});

describe('lease renewal', () => {
  it('renews the slot leases of the registry’s connections on its timer, and not of those that have gone', async () => {
    const ada = await signUp();
    const bob = await signUp();
    // Admitted half a minute ago: their leases end half a minute from now.
    const admittedAt = Date.now() - CONNECTION_LEASE_MS / 2;
    const held = [await connect(ada.token, admittedAt), await connect(bob.token, admittedAt)];
    const gone = await connect(ada.token, admittedAt);
    const first = await Promise.all(held.map(leaseEnd));
    registry.remove(gone);
    await eventually(async () => expect(await leaseEnd(gone)).toBeNull());

    jest.advanceTimersByTime(CONNECTION_LEASE_MS / 3 - 1);
    // A renewal would be sent on this Redis connection ahead of these reads.
    expect(await Promise.all(held.map(leaseEnd))).toEqual(first);

    jest.advanceTimersByTime(1);
    await eventually(async () => {
      const renewed = await Promise.all(held.map(leaseEnd));
      // Renewed now: a full lease from now, some 30 s later than they were.
      renewed.forEach((end, index) => expect(end).toBeGreaterThan(first[index]! + CONNECTION_LEASE_MS / 3));
    }, 10_000);
    expect(await leaseEnd(gone)).toBeNull();
  });
});

describe('checking tokens again after an outage', () => {
  it('closes the connections of tokens ended while this replica could not hear it, once it is back, and keeps the rest', async () => {
    const ada = await signUp();
    const later = await signIn(ada.email);
    const eve = await signUp();
    const kept = await connect(ada.token);
    const signedOut = [await connect(later.token), await connect(later.token)];
    const endedEverywhere = await connect(eve.token);
    const { jti, exp } = claimsOf(signedOut[0].identity);
    // Eve's token state is known to this replica, as it is for any user it has admitted.
    expect((await tokenStates.current(claimsOf(endedEverywhere.identity).sub)).token_version).toBe(
      claimsOf(endedEverywhere.identity).ver,
    );

    // Campaign announces a sign-out and the end of every session of Eve while this replica's NATS connection is
    // down: it never hears of them.
    const heard: unknown[] = [];
    const observer = client.connection.subscribe(
      natsSubject(Subjects.campaign.events.sessionRevoked, env.subjectPrefix),
      {
        callback: (_, message) => {
          heard.push(message.json());
        },
      },
    );
    await client.connection.flush();
    await proxy.cut();
    try {
      await client.expectOk(Subjects.campaign.sessions.revoke, { jti, exp }, { token: later.token });
      await client.expectOk(Subjects.campaign.users.endSessions, {}, { token: eve.token });
      await eventually(() => expect(heard).toEqual([{ jti, exp }]), 10_000, 10);
      expect(signedOut.map((connection) => connection.notices)).toEqual([[], []]);
    } finally {
      observer.unsubscribe();
      await proxy.open();
    }

    // Back on NATS, the replica reloads the signed-out tokens and checks every connection again at once (the
    // re-check's timer is not moved).
    const revoked = { code: 'unauthenticated', message: 'Token has been revoked', reconnect: false };
    await eventually(
      () =>
        expect([...signedOut, endedEverywhere].map((connection) => connection.notices)).toEqual([
          [revoked],
          [revoked],
          [revoked],
        ]),
      10_000,
      20,
    );
    await expect(authenticator.authenticate(later.token)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(kept.notices).toEqual([]);
    expect([...registry.identities()].map((identity) => identity.token)).toEqual([ada.token]);
    // The closed connections gave back their slots; the one that stays holds its own.
    await eventually(async () => {
      expect(await Promise.all([...signedOut, endedEverywhere].map(leaseEnd))).toEqual([null, null, null]);
    }, 10_000);
    expect(await leaseEnd(kept)).not.toBeNull();
  });
});
