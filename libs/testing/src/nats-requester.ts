import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { encodeActor, natsSubject, NatsHeader, type Actor, type ErrorPayload } from '@shotcaller/contracts';

export type NatsReply<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload | string };

/**
 * Speaks Nest's NATS request protocol directly, as any other client of a service would: a JSON packet
 * `{pattern, data, id}` on the namespaced subject, with the request id and actor headers.
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

  async request<T>(
    subject: string,
    data: unknown,
    options: { actor?: Actor; requestId?: string; timeoutMs?: number } = {},
  ): Promise<NatsReply<T>> {
    const h = headers();
    h.set(NatsHeader.RequestId, options.requestId ?? randomUUID());
    if (options.actor) h.set(NatsHeader.Actor, encodeActor(options.actor));
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
  async expectOk<T>(subject: string, data: unknown, options?: { actor?: Actor }): Promise<T> {
    const reply = await this.request<T>(subject, data, options);
    if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
    return reply.value;
  }

  /** The error of a request expected to fail. */
  async expectError(subject: string, data: unknown, options?: { actor?: Actor }): Promise<ErrorPayload> {
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
