import type { LocationParticipantView, LocationSessionView } from '@shotcaller/contracts';
import type { LocationParticipant } from '../participants/location-participant.entity.js';
import type { LocationSession } from './location-session.entity.js';

const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);

export function sessionView(session: LocationSession, participantCount: number): LocationSessionView {
  return {
    id: session.id,
    name: session.name,
    creator_participant_id: session.creatorParticipantId ?? null,
    created_at: session.createdAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    last_activity_at: session.lastActivityAt.toISOString(),
    ended_at: iso(session.endedAt),
    ended_reason: session.endedReason ?? null,
    max_participants: session.maxParticipants,
    participant_count: participantCount,
  };
}

export function participantView(
  participant: LocationParticipant,
  sessionId: string,
): LocationParticipantView {
  return {
    id: participant.id,
    session_id: sessionId,
    display_name: participant.displayName,
    color: participant.color,
    is_creator: participant.isCreator,
    joined_at: participant.joinedAt.toISOString(),
    left_at: iso(participant.leftAt),
    last_seen_at: iso(participant.lastSeenAt),
  };
}
