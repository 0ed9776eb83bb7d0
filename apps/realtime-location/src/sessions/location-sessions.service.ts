import { Inject, Injectable, Logger } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  ErrorCode,
  LocationEvent,
  realtimeActorKey,
  RealtimeSubjects,
  ServiceError,
  type CreateLocationSessionBody,
  type JoinLocationSessionPayload,
  type LocationGrant,
  type LocationParticipantsView,
  type LocationSessionView,
  type LocationSweepResult,
  type LocationTopicEvent,
  type ParticipantTokenClaims,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { unitOfWork } from '@shotcaller/persistence';
import { LOCATION_SETTINGS, type LocationSettings } from '../location.settings.js';
import { defaultColor } from '../locations/location.rules.js';
import { LiveLocations } from '../locations/live-locations.store.js';
import { LocationParticipant } from '../participants/location-participant.entity.js';
import { ParticipantTokens } from '../participants/participant-tokens.js';
import { LocationSession } from './location-session.entity.js';
import { participantView, sessionView } from './location.serializer.js';
import {
  endReasonAt,
  goneForGood,
  mayRemove,
  sessionDuration,
  type SessionEndReason,
} from './session.rules.js';

const SESSION_NOT_FOUND = 'Location session not found';
const SESSION_ENDED = 'This location session has ended';
/** Sessions one sweep looks at; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

/** Sessions and their participants: create, join, leave, end (by the creator, or by the sweep). */
@Injectable()
export class LocationSessionsService {
  private readonly logger = new Logger(LocationSessionsService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly live: LiveLocations,
    private readonly tokens: ParticipantTokens,
    private readonly services: ServiceClient,
    @Inject(LOCATION_SETTINGS) private readonly settings: LocationSettings,
  ) {}

  async create(fields: CreateLocationSessionBody, now = new Date()): Promise<LocationGrant> {
    const duration = sessionDuration(fields.duration_minutes, {
      defaultMinutes: this.settings.defaultDurationMinutes,
      maxMinutes: this.settings.maxDurationMinutes,
    });
    if ('errors' in duration) throw ServiceError.validation(duration.errors);
    const em = unitOfWork(this.orm);
    const { session, creator } = await em.transactional(async (tx) => {
      const session = tx.create(LocationSession, {
        name: fields.name,
        maxParticipants: this.settings.maxParticipants,
        createdAt: now,
        lastActivityAt: now,
        expiresAt: new Date(now.getTime() + duration.minutes * 60_000),
      });
      const creator = tx.create(LocationParticipant, {
        session,
        displayName: fields.display_name,
        color: fields.color ?? defaultColor(0),
        isCreator: true,
        joinedAt: now,
        lastSeenAt: now,
      });
      await tx.flush();
      session.creatorParticipantId = creator.id;
      await tx.flush();
      return { session, creator };
    });
    await this.live.addParticipant(session.id, creator.id, session.expiresAt, now.getTime());
    return this.grant(session, creator, 1, now);
  }

  async get(sessionId: string): Promise<LocationSessionView> {
    const em = unitOfWork(this.orm);
    const session = await em.findOne(LocationSession, sessionId);
    if (!session) throw ServiceError.notFound(SESSION_NOT_FOUND);
    const view = sessionView(session, await this.activeCount(em, session));
    // Position updates count as activity in Redis only; the database catches up at the sweep.
    const liveActivity = session.endedAt ? null : await this.live.activity(session.id);
    if (liveActivity !== null && liveActivity > session.lastActivityAt.getTime()) {
      view.last_activity_at = new Date(liveActivity).toISOString();
    }
    return view;
  }

  async join(fields: JoinLocationSessionPayload, now = new Date()): Promise<LocationGrant> {
    const em = unitOfWork(this.orm);
    const { session, participant, count } = await em.transactional(async (tx) => {
      // The row lock orders concurrent joins, so the cap holds.
      const session = await tx.findOne(LocationSession, fields.session_id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
      });
      if (!session) throw ServiceError.notFound(SESSION_NOT_FOUND);
      assertOpen(session, now);
      const active = await this.activeCount(tx, session);
      if (active >= session.maxParticipants) {
        throw ServiceError.conflict(`This session is full (${session.maxParticipants} participants)`);
      }
      const everJoined = await tx.count(LocationParticipant, { session });
      const participant = tx.create(LocationParticipant, {
        session,
        displayName: fields.display_name,
        color: fields.color ?? defaultColor(everJoined),
        isCreator: false,
        joinedAt: now,
        lastSeenAt: now,
      });
      session.lastActivityAt = now;
      await tx.flush();
      // Still under the session's row lock: an end waiting for it removes the live data after this, not before.
      await this.live.addParticipant(session.id, participant.id, session.expiresAt, now.getTime());
      return { session, participant, count: active + 1 };
    });
    await this.announceJoined(session.id, participant);
    return this.grant(session, participant, count, now);
  }

  /**
   * Ends a session: its creator only. Ending takes no place in it, so a creator the sweep marked unseen ends it all
   * the same, however full the session is meanwhile.
   */
  async end(
    claims: ParticipantTokenClaims,
    sessionId: string,
    now = new Date(),
  ): Promise<LocationSessionView> {
    const em = unitOfWork(this.orm);
    const actor = await this.member(em, claims, sessionId, now);
    if (!actor.isCreator) throw ServiceError.forbidden('Only the creator of the session can end it');
    await this.finish(sessionId, 'ended', now);
    const session = await em.fork().findOneOrFail(LocationSession, sessionId);
    return sessionView(session, 0);
  }

  /**
   * A participant leaves (removing themselves), or the creator removes another, who may have been marked unseen
   * (then they cannot come back). Neither needs a place in the session: a leaver marked unseen just leaves, and a
   * creator marked unseen removes all the same, then takes a place again if that left one free (as any request of
   * theirs would), under the session's row lock so that the cap holds.
   */
  async remove(
    claims: ParticipantTokenClaims,
    sessionId: string,
    participantId: string,
    now = new Date(),
  ): Promise<{ removed: true }> {
    if (claims.sid !== sessionId) throw ServiceError.forbidden('This token is for another session');
    const em = unitOfWork(this.orm);
    const { removed, actorBack } = await em.transactional(async (tx) => {
      // The row lock orders this with joins and comebacks, so the cap holds when the creator takes a place again.
      const session = await tx.findOne(LocationSession, sessionId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!session) throw ServiceError.notFound(SESSION_NOT_FOUND);
      const actor = await this.member(tx, claims, sessionId, now);
      if (!mayRemove(actor, { id: participantId })) {
        throw ServiceError.forbidden('Only the creator can remove other participants');
      }
      const target =
        participantId === actor.id
          ? actor
          : await tx.findOne(LocationParticipant, { id: participantId, session: sessionId });
      // One marked unseen is not gone yet: they can still be removed.
      if (!target || goneForGood(target)) throw ServiceError.notFound('Participant not found');
      target.leftAt = now;
      target.leftReason = target.id === claims.sub ? 'left' : 'removed';
      session.lastActivityAt = now;
      await tx.flush();
      const back =
        actor !== target &&
        actor.leftReason === 'unseen' &&
        (await this.activeCount(tx, session)) < session.maxParticipants;
      if (back) {
        actor.leftAt = null;
        actor.leftReason = null;
        actor.lastSeenAt = now;
        await tx.flush();
        await this.live.addParticipant(sessionId, actor.id, session.expiresAt, now.getTime());
      }
      return { removed: target, actorBack: back ? actor : null };
    });
    await this.live.removeParticipant(sessionId, removed.id, now.getTime());
    await this.announce(sessionId, {
      event: LocationEvent.ParticipantLeft,
      session_id: sessionId,
      participant_id: removed.id,
      reason: removed.id === claims.sub ? 'left' : 'removed',
    });
    if (actorBack) await this.announceJoined(sessionId, actorBack);
    return { removed: true };
  }

  /** The session's current participants with their latest positions (for its participants). */
  async participants(claims: ParticipantTokenClaims, sessionId: string): Promise<LocationParticipantsView> {
    const em = unitOfWork(this.orm);
    await this.activeParticipant(em, claims, sessionId);
    const participants = await em.find(
      LocationParticipant,
      { session: sessionId, leftAt: null },
      { orderBy: { joinedAt: 'asc', id: 'asc' } },
    );
    const positions = new Map(
      (await this.live.positions(sessionId)).map((position) => [position.participant_id, position]),
    );
    const seen = await this.live.lastSeen(sessionId);
    return {
      participants: participants.map((participant) => {
        const view = participantView(participant, sessionId);
        const seenLive = seen.get(participant.id);
        return {
          ...view,
          // Redis holds the latest sighting; the database catches up at the sweep.
          last_seen_at:
            seenLive !== undefined && seenLive > (participant.lastSeenAt?.getTime() ?? 0)
              ? new Date(seenLive).toISOString()
              : view.last_seen_at,
          position: positions.get(participant.id) ?? null,
        };
      }),
    };
  }

  /**
   * The participant a token stands for, still in this open session; refuses a token of another session
   * (forbidden), a participant who left (forbidden), an unknown session (not_found) or an ended one (gone). One
   * marked left as unseen comes back instead, while the session has room.
   */
  async activeParticipant(
    em: EntityManager,
    claims: ParticipantTokenClaims,
    sessionId: string,
    now = new Date(),
  ): Promise<LocationParticipant> {
    const participant = await this.member(em, claims, sessionId, now);
    if (participant.leftReason === 'unseen') return this.comeBack(participant, now);
    return participant;
  }

  /**
   * The participant a token stands for in this open session, present or marked unseen (who may still come back),
   * without taking a place: refuses as activeParticipant does otherwise. For what needs no place (ending, leaving,
   * removing).
   */
  private async member(
    em: EntityManager,
    claims: ParticipantTokenClaims,
    sessionId: string,
    now: Date,
  ): Promise<LocationParticipant> {
    if (claims.sid !== sessionId) throw ServiceError.forbidden('This token is for another session');
    const participant = await em.findOne(
      LocationParticipant,
      { id: claims.sub, session: sessionId },
      { populate: ['session'] },
    );
    if (!participant) throw ServiceError.notFound(SESSION_NOT_FOUND);
    assertOpen(participant.session, now);
    if (goneForGood(participant)) throw ServiceError.forbidden('You have left this session');
    return participant;
  }

  /**
   * A participant the sweep marked left for being unseen is back with their token (a phone that slept, say): they
   * take a place again if the session has one (conflict when it is full) and everyone is told they joined.
   */
  private async comeBack(participant: LocationParticipant, now: Date): Promise<LocationParticipant> {
    const sessionId = participant.session.id;
    const back = await unitOfWork(this.orm).transactional(async (tx) => {
      // The row lock orders this with joins, so the cap holds.
      const session = await tx.findOneOrFail(LocationSession, sessionId, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
      });
      assertOpen(session, now);
      const rows = await tx.nativeUpdate(
        LocationParticipant,
        { id: participant.id, leftReason: 'unseen' },
        { leftAt: null, leftReason: null, lastSeenAt: now },
      );
      // Back already (another request of theirs), or removed or ended meanwhile: the row decides below.
      if (rows === 0) return false;
      if ((await this.activeCount(tx, session)) > session.maxParticipants) {
        throw ServiceError.conflict(`This session is full (${session.maxParticipants} participants)`);
      }
      session.lastActivityAt = now;
      await tx.flush();
      await this.live.addParticipant(sessionId, participant.id, session.expiresAt, now.getTime());
      return true;
    });
    const current = await unitOfWork(this.orm).findOneOrFail(LocationParticipant, participant.id, {
      populate: ['session'],
    });
    if (current.leftAt) throw ServiceError.forbidden('You have left this session');
    if (back) await this.announceJoined(sessionId, current);
    return current;
  }

  /**
   * Ends every session past its expiry or idle for the inactivity period, then marks participants unseen for
   * LOCATION_PARTICIPANT_UNSEEN_MINUTES as left. Each is one conditional update, so two sweeps at once (several
   * replicas, or the jobs schedule and a timer) do it once: only the sweep whose update changed the row announces
   * it and removes the live data.
   */
  async sweep(now = new Date()): Promise<LocationSweepResult> {
    const em = unitOfWork(this.orm);
    const idleSince = new Date(now.getTime() - this.settings.inactivityMs);
    const candidates = await em.find(
      LocationSession,
      { endedAt: null, $or: [{ expiresAt: { $lte: now } }, { lastActivityAt: { $lte: idleSince } }] },
      { limit: SWEEP_BATCH, orderBy: { expiresAt: 'asc' }, fields: ['id', 'expiresAt', 'lastActivityAt'] },
    );
    const ended: LocationSweepResult['ended'] = [];
    for (const session of candidates) {
      const liveActivity = (await this.live.activity(session.id)) ?? 0;
      const lastActivityAt = Math.max(session.lastActivityAt.getTime(), liveActivity);
      const reason = endReasonAt(
        { expiresAt: session.expiresAt.getTime(), lastActivityAt },
        now.getTime(),
        this.settings.inactivityMs,
      );
      if (reason === null) {
        // Active in Redis only (position updates): the database catches up, so it is not looked at again soon.
        await em.nativeUpdate(
          LocationSession,
          { id: session.id, endedAt: null },
          { lastActivityAt: new Date(lastActivityAt) },
        );
        continue;
      }
      if (await this.finish(session.id, reason, now)) ended.push({ id: session.id, reason });
    }
    const left = await this.leaveUnseen(now);
    if (ended.length > 0 || left.length > 0) {
      this.logger.log({ ended: ended.length, left: left.length }, 'Swept location sessions');
    }
    return { ended, left };
  }

  /**
   * Participants of open sessions whose last sighting (the database's, or the later one Redis holds: updates,
   * subscribes, the gateways' reports of connections) is older than the unseen period leave, their place free
   * again. Seen since the database last heard: the database catches up instead, so they are not looked at soon.
   */
  private async leaveUnseen(now: Date): Promise<LocationSweepResult['left']> {
    const em = unitOfWork(this.orm);
    const unseenSince = now.getTime() - this.settings.participantUnseenMs;
    const candidates = await em.find(
      LocationParticipant,
      {
        leftAt: null,
        session: { endedAt: null },
        $or: [{ lastSeenAt: null }, { lastSeenAt: { $lte: new Date(unseenSince) } }],
      },
      {
        limit: SWEEP_BATCH,
        orderBy: { lastSeenAt: 'asc' },
        fields: ['id', 'session', 'joinedAt', 'lastSeenAt'],
      },
    );
    const left: LocationSweepResult['left'] = [];
    const sightings = new Map<string, Map<string, number>>();
    for (const participant of candidates) {
      const sessionId = participant.session.id;
      let seenInSession = sightings.get(sessionId);
      if (!seenInSession) sightings.set(sessionId, (seenInSession = await this.live.lastSeen(sessionId)));
      const lastSeen = Math.max(
        (participant.lastSeenAt ?? participant.joinedAt).getTime(),
        seenInSession.get(participant.id) ?? 0,
      );
      if (lastSeen > unseenSince) {
        await em.nativeUpdate(
          LocationParticipant,
          { id: participant.id, leftAt: null },
          { lastSeenAt: new Date(lastSeen) },
        );
        continue;
      }
      const rows = await em.nativeUpdate(
        LocationParticipant,
        { id: participant.id, leftAt: null },
        { leftAt: now, leftReason: 'unseen', lastSeenAt: new Date(lastSeen) },
      );
      if (rows !== 1) continue;
      // Not the session's activity: nobody did anything.
      await this.live.removeParticipant(sessionId, participant.id, null);
      await this.announce(sessionId, {
        event: LocationEvent.ParticipantLeft,
        session_id: sessionId,
        participant_id: participant.id,
        reason: 'unseen',
      });
      left.push({ session_id: sessionId, participant_id: participant.id });
    }
    return left;
  }

  /** Ends a session if it is still open; true when this call ended it (and so announced it). */
  private async finish(sessionId: string, reason: SessionEndReason, now: Date): Promise<boolean> {
    const em = unitOfWork(this.orm);
    const changed = await em.transactional(async (tx) => {
      const rows = await tx.nativeUpdate(
        LocationSession,
        { id: sessionId, endedAt: null },
        { endedAt: now, endedReason: reason },
      );
      if (rows === 1) {
        await tx.nativeUpdate(
          LocationParticipant,
          { session: sessionId, leftAt: null },
          { leftAt: now, leftReason: 'ended' },
        );
      }
      return rows === 1;
    });
    if (!changed) return false;
    await this.announce(sessionId, { event: LocationEvent.SessionEnded, session_id: sessionId, reason });
    await this.live.removeSession(sessionId);
    return true;
  }

  private async grant(
    session: LocationSession,
    participant: LocationParticipant,
    count: number,
    now: Date,
  ): Promise<LocationGrant> {
    const { token, claims } = await this.tokens.sign(
      { id: participant.id, sessionId: session.id, displayName: participant.displayName },
      session.expiresAt,
      now,
    );
    return {
      session: sessionView(session, count),
      participant: participantView(participant, session.id),
      token,
      token_expires_at: new Date(claims.exp * 1000).toISOString(),
    };
  }

  private activeCount(em: EntityManager, session: LocationSession): Promise<number> {
    return em.count(LocationParticipant, { session, leftAt: null });
  }

  private announceJoined(sessionId: string, participant: LocationParticipant): Promise<void> {
    return this.announce(sessionId, {
      event: LocationEvent.ParticipantJoined,
      session_id: sessionId,
      participant: participantView(participant, sessionId),
    });
  }

  /** Best effort, like all fan-out: clients re-read on (re)subscribe. */
  async announce(
    sessionId: string,
    event: LocationTopicEvent,
    options: { exceptParticipant?: string } = {},
  ): Promise<void> {
    try {
      await this.services.publishRealtime(RealtimeSubjects.location(sessionId), event, {
        exceptActor: options.exceptParticipant && realtimeActorKey('participant', options.exceptParticipant),
      });
    } catch (error) {
      this.logger.warn({ err: error, session: sessionId }, 'Could not announce a location event');
    }
  }
}

/** Refuses an ended or expired session with `gone` (410). */
export function assertOpen(session: LocationSession, now: Date): void {
  if (session.endedAt || session.expiresAt.getTime() <= now.getTime()) throw sessionGone();
}

/** The refusal of anything in an ended or expired session: `gone` (410). */
export function sessionGone(): ServiceError {
  return new ServiceError(ErrorCode.Gone, SESSION_ENDED);
}
