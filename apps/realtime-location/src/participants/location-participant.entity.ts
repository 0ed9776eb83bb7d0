import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { LocationSession } from '../sessions/location-session.entity.js';

const LocationParticipantSchema = defineEntity({
  name: 'LocationParticipant',
  tableName: 'location_participants',
  indexes: [{ name: 'location_participants_session_index', properties: ['session', 'leftAt'] }],
  checks: [
    { name: 'location_participants_left_check', expression: '(left_at is null) = (left_reason is null)' },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    session: () =>
      p
        .manyToOne(LocationSession)
        .foreignKeyName('location_participants_session_id_fkey')
        .deleteRule('cascade'),
    displayName: p.string().length(100),
    color: p.string().length(7),
    isCreator: p.boolean().default(false),
    joinedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    leftAt: p.datetime().nullable(),
    /** Set with `leftAt`: left, removed, unseen (may come back), ended (with the session). */
    leftReason: p.string().length(20).nullable(),
    lastSeenAt: p.datetime().nullable(),
  },
});

/** Someone in a session, with no account: known by the token they got when joining. */
export class LocationParticipant extends LocationParticipantSchema.class {}
LocationParticipantSchema.setClass(LocationParticipant);

export { LocationParticipantSchema };
