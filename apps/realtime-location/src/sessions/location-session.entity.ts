import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

const LocationSessionSchema = defineEntity({
  name: 'LocationSession',
  tableName: 'location_sessions',
  indexes: [{ name: 'location_sessions_open_index', properties: ['endedAt', 'expiresAt'] }],
  checks: [
    {
      name: 'location_sessions_max_participants_check',
      expression: 'max_participants >= 1 and max_participants <= 50',
    },
    { name: 'location_sessions_ended_check', expression: '(ended_at is null) = (ended_reason is null)' },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(100),
    /** Set right after the creator's participant row exists (same transaction). */
    creatorParticipantId: p.uuid().nullable(),
    maxParticipants: p.integer(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    expiresAt: p.datetime(),
    /** The last activity the sweep has seen (Redis holds the live one). */
    lastActivityAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    endedAt: p.datetime().nullable(),
    /** `ended`, `expired` or `inactive`. */
    endedReason: p.string().length(20).nullable(),
  },
});

/** A location-sharing session: anonymous participants share live positions until it ends. */
export class LocationSession extends LocationSessionSchema.class {}
LocationSessionSchema.setClass(LocationSession);

export { LocationSessionSchema };
