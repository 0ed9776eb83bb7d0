import { hash } from 'node:crypto';
import type { Deserializer, Serializer } from '@nestjs/microservices';
import type { Msg } from '@nats-io/transport-node';

/**
 * The request/reply packets on the bus: Nest's NATS layout, so any Nest client or server speaks it.
 * A request is `{"pattern", "data", "id"}`; an answer `{"id", "isDisposed": true, "response"}`, a failure
 * `{"id", "err", "isDisposed": true}`. Answers are written with `response` last, after an `id` the caller chose,
 * so a caller that only forwards the answer can slice its bytes out without parsing them (see `answerText`).
 */

/**
 * An answer already serialised as JSON (kept from an earlier answer, say): sent as is, never re-encoded. `T` is
 * the contract's answer type the text holds, so a handler returning it still type-checks against its contract.
 * With a `tag` (see `tagged`), a caller that names the tag it holds gets the answer without its body.
 */
export class JsonText<T = unknown> {
  declare readonly __answer?: T;
  constructor(
    readonly text: string,
    readonly tag?: string,
  ) {}

  /** The text with its tag: a SHA-256 digest of it, the same for the same bytes on every replica. */
  static tagged<T>(text: string): JsonText<T> & { readonly tag: string } {
    return new JsonText<T>(text, hash('sha256', text, 'base64url')) as JsonText<T> & { readonly tag: string };
  }
}

/** The request packet around the payload's JSON, written once by the caller. */
export function requestPacket(subject: string, payloadJson: string, id: string): string {
  return `{"pattern":${JSON.stringify(subject)},"data":${payloadJson},"id":${JSON.stringify(id)}}`;
}

/** Where an answer to request `id` begins, when the server wrote it in the layout above. */
export function answerPrefix(id: unknown): string {
  return `{"id":${JSON.stringify(id)},"isDisposed":true,"response":`;
}

interface OutgoingPacket {
  id?: unknown;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
  status?: string;
}

/** The server side of the layout: answers put `response` last; failures and anything else as Nest writes them. */
export class ReplySerializer implements Serializer<OutgoingPacket, { data: string }> {
  serialize(packet: OutgoingPacket): { data: string } {
    if (
      packet.err === undefined &&
      packet.isDisposed &&
      packet.id !== undefined &&
      packet.status === undefined
    ) {
      const body =
        packet.response instanceof JsonText ? packet.response.text : JSON.stringify(packet.response);
      if (body !== undefined) return { data: `${answerPrefix(packet.id)}${body}}` };
    }
    return { data: JSON.stringify(packet) };
  }
}

/** The server side. A body that is not JSON is handed on as a null payload, which the contract check refuses. */
export class RequestDeserializer implements Deserializer<
  Msg,
  { pattern: string; data: unknown; id?: unknown }
> {
  deserialize(message: Msg, options?: { channel?: string }) {
    const channel = options?.channel ?? '';
    let packet: { pattern?: unknown; data?: unknown; id?: unknown } | null;
    try {
      packet = message.json();
    } catch {
      return { pattern: channel, data: null, id: message.reply ? 'unreadable' : undefined };
    }
    if (typeof packet !== 'object' || packet === null) return { pattern: channel, data: null, id: undefined };
    return { pattern: channel, data: packet.data, id: packet.id };
  }
}
