import { createRequire } from 'node:module';
import type { ServiceName } from './services.js';
import { natsSubject } from './subjects.js';

/** What one service may do on NATS, in logical subjects (`*` and `>` wildcards allowed). */
export interface NatsAccess {
  /** Prefix of the inboxes its requests are answered on (nats.js `inboxPrefix`); no other service may read them. */
  inbox: string;
  publish: string[];
  /** Excepted from `publish`: the events of the services it sends requests to, which only they may publish. */
  publishDeny?: string[];
  subscribe: string[];
  /** It answers requests: it may publish once to the reply subject of a message it received. */
  allowResponses: boolean;
}

type AccessFile = typeof import('./nats-access.json', { with: { type: 'json' } });

/**
 * The NATS permissions of each service. The table is nats-access.json, which scripts/nats-auth.mjs also reads to
 * write the NATS server's users. It is read at run time rather than imported (the type reference above is enough
 * for tsc to copy it into dist), so plain JavaScript and the test runner load it the same way.
 */
export const NatsAccessTable: Record<ServiceName, NatsAccess> = (
  createRequire(import.meta.url)('./nats-access.json') as AccessFile
).services;

/** The inbox prefix of a service's NATS connections, inside the environment's namespace (`NATS_SUBJECT_PREFIX`). */
export function natsInboxPrefix(service: ServiceName, prefix = ''): string {
  return natsSubject(NatsAccessTable[service].inbox, prefix);
}
