import { ApiProperty } from '@nestjs/swagger';

/** A location-sharing session as clients see it. */
export class LocationSessionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) creator_participant_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) expires_at: string;
  @ApiProperty({ format: 'date-time' }) last_activity_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) ended_at: string | null;
  /** `ended` (by its creator), `expired`, `inactive`; null while it runs. */
  @ApiProperty({ type: String, enum: ['ended', 'expired', 'inactive'], nullable: true })
  ended_reason: string | null;
  @ApiProperty() max_participants: number;
  @ApiProperty() participant_count: number;
}

export class LocationParticipantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) session_id: string;
  @ApiProperty() display_name: string;
  @ApiProperty({ example: '#e6194b' }) color: string;
  @ApiProperty() is_creator: boolean;
  @ApiProperty({ format: 'date-time' }) joined_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) left_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_seen_at: string | null;
}

/** A participant's latest position (kept 30 s after it was sent). */
export class LocationPositionView {
  @ApiProperty({ format: 'uuid' }) participant_id: string;
  @ApiProperty() lat: number;
  @ApiProperty() lng: number;
  @ApiProperty() accuracy: number;
  @ApiProperty({ type: Number, nullable: true }) heading: number | null;
  @ApiProperty({ type: Number, nullable: true }) speed: number | null;
  @ApiProperty({ type: Number, nullable: true }) altitude: number | null;
  @ApiProperty({ format: 'date-time' }) recorded_at: string;
  @ApiProperty({ format: 'date-time' }) received_at: string;
}

/** Creating or joining a session: the session, who the caller now is, and the participant token to use. */
export class LocationGrant {
  @ApiProperty({ type: LocationSessionView }) session: LocationSessionView;
  @ApiProperty({ type: LocationParticipantView }) participant: LocationParticipantView;
  @ApiProperty({
    description: 'Participant token: Authorization Bearer on participant routes, auth.token on sockets',
  })
  token: string;
  @ApiProperty({ format: 'date-time' }) token_expires_at: string;
}

export class LocationParticipantEntry extends LocationParticipantView {
  @ApiProperty({ type: LocationPositionView, nullable: true }) position: LocationPositionView | null;
}

export class LocationParticipantsView {
  @ApiProperty({ type: [LocationParticipantEntry] }) participants: LocationParticipantEntry[];
}

/** `state` of a `location:` topic: every live position. */
export interface LocationTopicState {
  session_id: string;
  positions: LocationPositionView[];
}

export interface LocationSweepResult {
  ended: { id: string; reason: 'expired' | 'inactive' }[];
  /** Participants marked left for being unseen longer than LOCATION_PARTICIPANT_UNSEEN_MINUTES. */
  left: { session_id: string; participant_id: string }[];
}

/** Events on `rt.location.<sessionId>` (the `data` of socket `event`s on `location:<id>`). */
export const LocationEvent = {
  Updated: 'location.updated',
  ParticipantJoined: 'participant.joined',
  ParticipantLeft: 'participant.left',
  SessionEnded: 'session.ended',
} as const;

export type LocationTopicEvent =
  | { event: typeof LocationEvent.Updated; session_id: string; position: LocationPositionView }
  | {
      event: typeof LocationEvent.ParticipantJoined;
      session_id: string;
      participant: LocationParticipantView;
    }
  | {
      event: typeof LocationEvent.ParticipantLeft;
      session_id: string;
      participant_id: string;
      reason: 'left' | 'removed' | 'unseen';
    }
  | { event: typeof LocationEvent.SessionEnded; session_id: string; reason: string };
