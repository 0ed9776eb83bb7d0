import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Subscription } from '@nats-io/transport-node';
import { generateSigningKeyPair } from '@shotcaller/auth';
import {
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type LocationGrant,
  type LocationPositionView,
  type LocationTopicEvent,
} from '@shotcaller/contracts';
import { NatsRequester, type TestEnvironment } from '@shotcaller/testing';
import { bootLocation } from '../../src/boot.js';
import { loadLocationConfig } from '../../src/config.js';

const { sessions, participants, positions } = Subjects.location;

/** A valid position update (Paris, just now), with `overrides`. */
export function position(overrides: Record<string, unknown> = {}) {
  return {
    lat: 48.8566,
    lng: 2.3522,
    accuracy: 12,
    heading: 90,
    speed: 1.5,
    recorded_at: new Date().toISOString(),
    ...overrides,
  };
}

/** Every event published on a session's topic, as the gateway would receive it. */
export class TopicEvents {
  readonly events: LocationTopicEvent[] = [];
  private readonly subscription: Subscription;

  constructor(nats: NatsRequester, subjectPrefix: string, sessionId: string) {
    this.subscription = nats.connection.subscribe(
      natsSubject(RealtimeSubjects.location(sessionId), subjectPrefix),
      {
        callback: (_error, message) => {
          this.events.push(message.json<LocationTopicEvent>());
        },
      },
    );
  }

  named(event: string): LocationTopicEvent[] {
    return this.events.filter((received) => received.event === event);
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

/**
 * The realtime-location service booted for one spec file, without a sweep timer (the specs sweep by request), and
 * what the specs drive and read it by: NATS as the gateway speaks it, its database and its Redis. The requests are
 * arrow functions, so a spec can take them out of the world.
 */
export class LocationWorld {
  app!: INestApplication;
  nats!: NatsRequester;
  db!: pg.Client;
  redis!: Redis;
  private readonly keys = generateSigningKeyPair();

  constructor(readonly env: TestEnvironment) {}

  /** Boots the service with `overrides` of its settings. */
  async start(overrides: Record<string, string> = {}): Promise<void> {
    const databaseUrl = this.env.databaseUrl('location');
    this.app = await bootLocation(
      loadLocationConfig(
        this.env.common({
          ...this.env.redis(),
          DATABASE_URL: databaseUrl,
          LOCATION_TOKEN_PRIVATE_KEY: this.keys.privateKeyPem,
          LOCATION_SWEEP_INTERVAL_MS: '0',
          ...overrides,
        }),
      ),
    );
    this.nats = await NatsRequester.connect(this.env.stores.nats, this.env.subjectPrefix);
    this.db = new pg.Client({ connectionString: databaseUrl });
    await this.db.connect();
    this.redis = new Redis(this.env.stores.redis, { keyPrefix: this.env.redisKeyPrefix });
  }

  async stop(): Promise<void> {
    this.redis?.disconnect();
    await this.db?.end();
    await this.nats?.close();
    await this.app?.close();
    await this.env.cleanup();
  }

  create = (name = 'Night run', display_name = 'Johnny'): Promise<LocationGrant> =>
    this.nats.expectOk<LocationGrant>(sessions.create, { name, display_name });

  join = (sessionId: string, display_name = 'Shing'): Promise<LocationGrant> =>
    this.nats.expectOk<LocationGrant>(sessions.join, { session_id: sessionId, display_name });

  /** `grant`'s participant sends a position (with `fields`) to `sessionId`, their own session unless said. */
  move = (grant: LocationGrant, fields: Record<string, unknown> = {}, sessionId = grant.session.id) =>
    this.nats.request<LocationPositionView>(
      positions.update,
      { session_id: sessionId, ...position(fields) },
      { token: grant.token },
    );

  /** `actor` removes `target` from the actor's session (themselves: they leave). */
  remove = (actor: LocationGrant, target: LocationGrant) =>
    this.nats.request(
      participants.remove,
      { session_id: actor.session.id, participant_id: target.participant.id },
      { token: actor.token },
    );

  watch = (sessionId: string): TopicEvents => new TopicEvents(this.nats, this.env.subjectPrefix, sessionId);

  /**
   * Makes these participants of one session last seen 20 minutes ago, for the database and Redis alike (past the
   * unseen period, so the next sweep marks them left); answers when that was (epoch ms).
   */
  lastSeenLongAgo = async (grants: LocationGrant[]): Promise<number> => {
    const longAgo = Date.now() - 20 * 60_000;
    await this.db.query('update location_participants set last_seen_at = $2 where id = any($1::uuid[])', [
      grants.map((grant) => grant.participant.id),
      new Date(longAgo),
    ]);
    for (const grant of grants) {
      await this.redis.zadd(`location:${grant.session.id}:seen`, longAgo, grant.participant.id);
    }
    return longAgo;
  };
}
