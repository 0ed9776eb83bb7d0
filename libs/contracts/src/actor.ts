/** NATS request headers every caller sets and every handler may read. */
export const NatsHeader = {
  RequestId: 'x-request-id',
  /** The caller's access token; the handling service verifies it and believes nothing else about who asks. */
  ActorToken: 'x-actor-token',
  /** The client's Idempotency-Key, for requests whose contract is idempotent. */
  IdempotencyKey: 'x-idempotency-key',
  /** When the caller stops waiting (epoch ms): work arriving later is skipped, nobody would read its answer. */
  Deadline: 'x-deadline',
  /**
   * On a request: the tag of the answer the caller already holds. On an answer: its body's tag (a digest of the
   * bytes, so equal tags mean equal bodies); with AnswerUnchanged the body is left out, being the one the caller
   * named.
   */
  AnswerTag: 'x-answer-tag',
  IfAnswerTag: 'x-if-answer-tag',
  AnswerUnchanged: 'x-answer-unchanged',
} as const;

export const ActorKind = { User: 'user', Participant: 'participant', Service: 'service' } as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

export const UserRole = { Admin: 'admin', Gamemaster: 'gamemaster' } as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];

/**
 * Who is asking: the subject of an access token the receiving service verified itself. Roles come from the token
 * and may be stale; a service that grants power on a role re-reads it from its own data.
 */
export interface Actor {
  id: string;
  kind: ActorKind;
  roles: string[];
  /** The token version a user token was issued at; the owner of the account compares it with the current one. */
  tokenVersion?: number;
}
