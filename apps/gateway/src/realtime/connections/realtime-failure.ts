import { ErrorCode, ServiceError, type RealtimeError, type RealtimeErrorCode } from '@shotcaller/contracts';

/** A refusal only realtime has (a code outside ErrorCode: invalid_topic, too_many_connections...). */
export class RealtimeFailure extends Error {
  constructor(
    readonly code: RealtimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeFailure';
  }
}

/** What a client is told about a failure: its code and message, or internal_error for anything unexpected. */
export function realtimeErrorOf(error: unknown): RealtimeError {
  if (error instanceof ServiceError || error instanceof RealtimeFailure) {
    return { code: error.code, message: error.message };
  }
  return { code: ErrorCode.Internal, message: 'Internal server error' };
}
