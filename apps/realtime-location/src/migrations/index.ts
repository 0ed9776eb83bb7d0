import type { MigrationObject } from '@mikro-orm/core';
import { LocationSessions } from './20261202300000-location-sessions.js';
import { ParticipantLeftReason } from './20261206100000-participant-left-reason.js';

/** Every migration of the location database, oldest first. Names are stored once applied: never rename one. */
export const locationMigrations: MigrationObject[] = [
  { name: '20261202300000-location-sessions', class: LocationSessions },
  { name: '20261206100000-participant-left-reason', class: ParticipantLeftReason },
];
