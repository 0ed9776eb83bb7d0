import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ErrorCode,
  LocationEvent,
  parseTopic,
  ServiceError,
  TopicKind,
  type LocationPositionView,
  type LocationTopicState,
  type ParticipantsSeenPayload,
  type ParticipantTokenClaims,
  type TopicAuthorization,
  type UpdateLocationPositionPayload,
} from '@shotcaller/contracts';
import { unitOfWork } from '@shotcaller/persistence';
import { LOCATION_SETTINGS, type LocationSettings } from '../location.settings.js';
import { ParticipantTokens } from '../participants/participant-tokens.js';
import { LocationSessionsService, sessionGone } from '../sessions/location-sessions.service.js';
import { ClosedSessions } from './closed-sessions.js';
import { LiveLocations } from './live-locations.store.js';
import { positionTimeErrors, positionView } from './location.rules.js';

/** Live positions: updates from participants, and the state a subscriber of `location:<id>` starts from. */
@Injectable()
export class LocationsService {
  private readonly closedSessions = new ClosedSessions();

  constructor(
    private readonly orm: MikroORM,
    private readonly live: LiveLocations,
    private readonly sessions: LocationSessionsService,
    private readonly tokens: ParticipantTokens,
    @Inject(LOCATION_SETTINGS) private readonly settings: LocationSettings,
  ) {}

  /**
   * Stores the caller's own position (a token is for one participant of one session) and tells the session.
   * Faster than LOCATION_MIN_UPDATE_INTERVAL_MS: refused with `rate_limited`, nothing stored.
   */
  async update(
    claims: ParticipantTokenClaims,
    input: UpdateLocationPositionPayload,
    now = Date.now(),
  ): Promise<LocationPositionView> {
    if (claims.sid !== input.session_id) throw ServiceError.forbidden('This token is for another session');
    if (this.closedSessions.has(claims.sid)) throw sessionGone();
    const errors = positionTimeErrors(input, now, {
      maxClockSkewMs: this.settings.maxClockSkewMs,
      maxAgeMs: this.settings.maxPositionAgeMs,
    });
    if (errors) throw ServiceError.validation(errors);
    const position = positionView(claims.sub, input, now);
    let recorded = await this.live.recordPosition(claims.sid, position, now);
    if (recorded === 'not_participant') {
      // Redis lost the session's participants (or never had this one): the database decides.
      const participant = await this.sessions
        .activeParticipant(unitOfWork(this.orm), claims, claims.sid)
        .catch((error: unknown) => {
          if (error instanceof ServiceError && error.code === ErrorCode.Gone)
            this.closedSessions.add(claims.sid);
          throw error;
        });
      await this.live.addParticipant(claims.sid, participant.id, participant.session.expiresAt, Date.now());
      recorded = await this.live.recordPosition(claims.sid, position, now);
    }
    if (recorded === 'too_soon') {
      throw new ServiceError(
        ErrorCode.RateLimited,
        `At most one position every ${this.settings.minUpdateIntervalMs} ms`,
      );
    }
    // Removed between the database's answer and the second try.
    if (recorded === 'not_participant') throw ServiceError.forbidden('You have left this session');
    // Every other participant: the sender has the position in its acknowledgement.
    await this.sessions.announce(
      claims.sid,
      { event: LocationEvent.Updated, session_id: claims.sid, position },
      { exceptParticipant: claims.sub },
    );
    return position;
  }

  /**
   * Whether the caller may follow `location:<id>`: a participant of that open session only. The answer shows
   * them in presence (name and color) and carries every live position.
   */
  async authorize(claims: ParticipantTokenClaims, topicName: string): Promise<TopicAuthorization> {
    const topic = parseTopic(topicName);
    if (!topic || topic.kind !== TopicKind.Location) throw ServiceError.notFound('No such topic');
    const participant = await this.sessions.activeParticipant(unitOfWork(this.orm), claims, topic.id);
    await this.live.markSeen(topic.id, [participant.id], Date.now());
    const state: LocationTopicState = {
      session_id: topic.id,
      positions: await this.live.positions(topic.id),
    };
    return {
      presence: { id: participant.id, name: participant.displayName, color: participant.color },
      state: state as unknown as Record<string, unknown>,
    };
  }

  /**
   * A gateway holds connections of these participants: each is seen now. Only tokens that verify and are for this
   * session count (a report cannot vouch for anyone else); the rest are skipped. Answers how many were seen.
   */
  async seen(
    { session_id: sessionId, tokens }: ParticipantsSeenPayload,
    now = Date.now(),
  ): Promise<{ seen: number }> {
    const participantIds = new Set<string>();
    for (const token of tokens) {
      const claims = await this.tokens.verify(token, now).catch(() => undefined);
      if (claims?.sid === sessionId) participantIds.add(claims.sub);
    }
    return { seen: await this.live.markSeen(sessionId, [...participantIds], now) };
  }
}
