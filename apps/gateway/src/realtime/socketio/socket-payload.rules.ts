import { ErrorCode, parseTopic, type RealtimeError, type Topic } from '@shotcaller/contracts';
import { RealtimeErrorCode } from '@shotcaller/contracts';

/** The acknowledgement callback of a socket.io message: its last argument, when that is a function. */
export function splitAck(args: unknown[]): { payload: unknown; ack?: (answer: unknown) => void } {
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    return { payload: args.length > 1 ? args[0] : undefined, ack: last as (answer: unknown) => void };
  }
  return { payload: args[0] };
}

/** The topic a `subscribe` / `unsubscribe` payload names, or the error to answer with. */
export function topicOfPayload(payload: unknown): { topic: Topic } | { error: RealtimeError } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { error: { code: ErrorCode.InvalidPayload, message: 'Expected {topic}' } };
  }
  const keys = Object.keys(payload);
  if (keys.some((key) => key !== 'topic')) {
    return { error: { code: ErrorCode.InvalidPayload, message: 'Unknown field: only topic is expected' } };
  }
  const text = (payload as { topic?: unknown }).topic;
  if (typeof text !== 'string') {
    return { error: { code: ErrorCode.InvalidPayload, message: 'topic must be a string' } };
  }
  const topic = parseTopic(text);
  if (!topic) {
    return {
      error: {
        code: RealtimeErrorCode.InvalidTopic,
        message: 'Unknown topic: expected campaign:, fight:, user:, chat: or location: followed by an id',
      },
    };
  }
  return { topic };
}
