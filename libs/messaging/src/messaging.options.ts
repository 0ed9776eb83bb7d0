import type { BackendServiceName, ServiceName } from '@shotcaller/contracts';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  service: ServiceName;
  /** NATS servers, e.g. ['nats://127.0.0.1:4222']. */
  servers: string[];
  /** NATS_SUBJECT_PREFIX: the namespace of every subject. */
  subjectPrefix: string;
  /** NATS_NKEY_SEED: the service's NATS user seed; empty connects without authentication. */
  nkeySeed?: string;
  requestTimeoutMs: number;
  /** How long shutdown waits for requests being handled. */
  drainTimeoutMs: number;
  /**
   * Bytes of tagged answers `ServiceClient.relay` keeps, to name them in the next identical request and be spared
   * the body when it has not changed (see KeptAnswers); 0 or absent keeps none.
   */
  keptAnswerBytes?: number;
  /** Set for services that answer requests: their handlers are served on this queue group. */
  serve?: BackendServiceName;
}
