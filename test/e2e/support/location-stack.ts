import type { INestApplication } from '@nestjs/common';
import { generateSigningKeyPair } from '@shotcaller/auth';
import type {
  LocationGrant,
  PresenceDiffPayload,
  PresenceStatePayload,
  TopicEvent,
} from '@shotcaller/contracts';
import { bootLocation } from '../../../apps/realtime-location/src/boot.js';
import { loadLocationConfig } from '../../../apps/realtime-location/src/config.js';
import { connect, EventLog, type ClientSocket } from './realtime-socket.js';
import { Stack } from './stack.js';

/** A participant's socket.io connection to the gateway, with the topic events and presence changes it received. */
export interface Member {
  grant: LocationGrant;
  socket: ClientSocket;
  log: EventLog;
  presence: (PresenceStatePayload | PresenceDiffPayload)[];
}

/** A position update as a phone sends it, just now. */
export function position(lat: number, lng: number) {
  return { lat, lng, accuracy: 5, heading: 180, speed: 2, recorded_at: new Date().toISOString() };
}

/** The data of the events named `name` (`session.ended`, `location.updated`...) among `events`. */
export function dataOf(events: TopicEvent[], name: string): Record<string, unknown>[] {
  return events.map((event) => event.data as Record<string, unknown>).filter((data) => data.event === name);
}

/**
 * The gateway stack with the realtime-location service beside it, sharing a signing key pair: the service signs
 * participant tokens and the gateway verifies them. Topic authorizations are not cached, so a change in a
 * session shows at the next subscribe. No sweep timer: a spec sweeps by request, as the jobs service would. The
 * session requests are arrow functions, so a spec can take them out of the stack.
 */
export class LocationStack {
  stack!: Stack;
  location!: INestApplication;
  /** The gateway's base URL, for socket.io clients. */
  url!: string;

  constructor(private readonly label: string) {}

  /** Boots the stack and the location service (with `overrides` of its settings). */
  async start(overrides: Record<string, string> = {}): Promise<void> {
    const keys = generateSigningKeyPair();
    this.stack = await Stack.start(this.label, {
      gateway: { LOCATION_TOKEN_PUBLIC_KEY: keys.publicKeyPem, REALTIME_AUTHORIZE_CACHE_MS: '0' },
    });
    const { env } = this.stack;
    this.location = await bootLocation(
      loadLocationConfig(
        env.common({
          ...env.redis(),
          DATABASE_URL: env.databaseUrl('location'),
          LOCATION_TOKEN_PRIVATE_KEY: keys.privateKeyPem,
          LOCATION_SWEEP_INTERVAL_MS: '0',
          ...overrides,
        }),
      ),
      { host: '127.0.0.1' },
    );
    this.url = await this.stack.gateway.getUrl();
  }

  async stop(): Promise<void> {
    await this.location?.close();
    await this.stack?.stop();
  }

  createSession = async (
    name = 'Heist',
    display_name = 'Johnny',
    duration_minutes?: number,
  ): Promise<LocationGrant> => {
    const response = await this.stack
      .http()
      .post('/api/location/sessions')
      .send({ name, display_name, duration_minutes });
    expect(response.status).toBe(201);
    return response.body as LocationGrant;
  };

  joinSession = async (sessionId: string, display_name: string): Promise<LocationGrant> => {
    const response = await this.stack
      .http()
      .post(`/api/location/sessions/${sessionId}/join`)
      .send({ display_name });
    expect(response.status).toBe(201);
    return response.body as LocationGrant;
  };

  /** Connects `grant`'s participant to the gateway, recording what it receives. */
  connectMember = async (grant: LocationGrant): Promise<Member> => {
    const socket = await connect(this.url, { token: grant.token });
    const log = new EventLog(socket);
    const presence: Member['presence'] = [];
    socket.on('presence_state', (state) => presence.push(state));
    socket.on('presence_diff', (diff) => presence.push(diff));
    return { grant, socket, log, presence };
  };
}
