import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { natsSubject, NatsHeader, type Actor, type ErrorPayload } from '@shotcaller/contracts';
import { signTestToken } from './tokens.js';

export type NatsReply<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload | string };

export interface RequestOptions {
  /** Acts as this user: a token for them, signed with the test run's issuer key (version 0 unless given). */
  actor?: Actor;
  /** Sends this access token as it is. */
  token?: string;
  /** Extra headers, set as they are (a forged actor header, say). */
  headers?: Record<string, string>;
  requestId?: string;
  timeoutMs?: number;
}

/** A token the issuing service would have signed for this actor. */
export function tokenFor(actor: Actor): Promise<string> {
  const privateKey = process.env.TEST_JWT_PRIVATE_KEY;
  if (!privateKey) throw new Error('TEST_JWT_PRIVATE_KEY is not set: run the tests through Jest (npm test)');
  return signTestToken(privateKey, {
    sub: actor.id,
    ver: actor.tokenVersion ?? 0,
    user: {
      email: 'someone@example.com',
      admin: actor.roles.includes('admin'),
      first_name: 'Some',
      last_name: 'One',
      gamemaster: actor.roles.includes('gamemaster'),
      current_campaign: null,
      image_url: null,
    },
  });
}

/**
 * Speaks Nest's NATS request protocol directly, as any other client of a service would: a JSON packet
 * `{pattern, data, id}` on the namespaced subject, with the request id and the caller's access token.
 */
export class NatsRequester {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, prefix: string): Promise<NatsRequester> {
    return new NatsRequester(await connect({ servers: url }), prefix);
  }

  get connection(): NatsConnection {
    return this.nc;
  }

  async request<T>(subject: string, data: unknown, options: RequestOptions = {}): Promise<NatsReply<T>> {
    const h = headers();
    h.set(NatsHeader.RequestId, options.requestId ?? randomUUID());
    const token = options.token ?? (options.actor ? await tokenFor(options.actor) : undefined);
    if (token) h.set(NatsHeader.ActorToken, token);
    for (const [name, value] of Object.entries(options.headers ?? {})) h.set(name, value);
    const message = await this.nc.request(
      natsSubject(subject, this.prefix),
      JSON.stringify({ pattern: subject, data, id: randomUUID() }),
      { headers: h, timeout: options.timeoutMs ?? 5000 },
    );
    const packet = message.json<{ response?: T; err?: ErrorPayload | string }>();
    return packet.err !== undefined
      ? { ok: false, error: packet.err }
      : { ok: true, value: packet.response as T };
  }

  /** The value of a request expected to succeed. */
  async expectOk<T>(subject: string, data: unknown, options?: RequestOptions): Promise<T> {
    const reply = await this.request<T>(subject, data, options);
    if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
    return reply.value;
  }

  /** The error of a request expected to fail. */
  async expectError(subject: string, data: unknown, options?: RequestOptions): Promise<ErrorPayload> {
    const reply = await this.request(subject, data, options);
    if (reply.ok) throw new Error(`${subject} succeeded, expected an error: ${JSON.stringify(reply.value)}`);
    if (typeof reply.error === 'string')
      throw new Error(`${subject} failed without a typed error: ${reply.error}`);
    return reply.error;
  }

  close(): Promise<void> {
    return this.nc.close();
  }
}
