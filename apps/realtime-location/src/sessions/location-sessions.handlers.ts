import { Ctx, type NatsContext } from '@nestjs/microservices';
import {
  AuthorizeTopicPayload,
  CreateLocationSessionBody,
  EmptyPayload,
  JoinLocationSessionPayload,
  LocationSessionIdPayload,
  NatsHeader,
  ParticipantsSeenPayload,
  RemoveLocationParticipantPayload,
  Subjects,
  UpdateLocationPositionPayload,
  type LocationGrant,
  type LocationParticipantsView,
  type LocationPositionView,
  type LocationSessionView,
  type LocationSweepResult,
  type ParticipantTokenClaims,
  type TopicAuthorization,
} from '@shotcaller/contracts';
import { natsHeader, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { LocationsService } from '../locations/locations.service.js';
import { ParticipantTokens } from '../participants/participant-tokens.js';
import { LocationSessionsService } from './location-sessions.service.js';

const { sessions, participants, positions, topics } = Subjects.location;

/**
 * The location service's NATS requests. Participants are anonymous: a request on their behalf carries their
 * participant token (the actor token header), which this service verifies itself; creating, joining, reading a
 * session and the sweep need none.
 */
@RpcHandlers()
export class LocationSessionsHandlers {
  constructor(
    private readonly sessionsService: LocationSessionsService,
    private readonly locations: LocationsService,
    private readonly tokens: ParticipantTokens,
  ) {}

  @RpcHandler(sessions.create)
  create(payload: CreateLocationSessionBody): Promise<LocationGrant> {
    return this.sessionsService.create(payload);
  }

  @RpcHandler(sessions.get)
  get({ session_id }: LocationSessionIdPayload): Promise<LocationSessionView> {
    return this.sessionsService.get(session_id);
  }

  @RpcHandler(sessions.join)
  join(payload: JoinLocationSessionPayload): Promise<LocationGrant> {
    return this.sessionsService.join(payload);
  }

  @RpcHandler(sessions.end)
  async end(
    { session_id }: LocationSessionIdPayload,
    @Ctx() context: NatsContext,
  ): Promise<LocationSessionView> {
    return this.sessionsService.end(await this.participant(context), session_id);
  }

  @RpcHandler(sessions.sweep)
  sweep(_payload: EmptyPayload): Promise<LocationSweepResult> {
    return this.sessionsService.sweep();
  }

  @RpcHandler(participants.list)
  async list(
    { session_id }: LocationSessionIdPayload,
    @Ctx() context: NatsContext,
  ): Promise<LocationParticipantsView> {
    return this.sessionsService.participants(await this.participant(context), session_id);
  }

  @RpcHandler(participants.remove)
  async remove(
    { session_id, participant_id }: RemoveLocationParticipantPayload,
    @Ctx() context: NatsContext,
  ): Promise<{ removed: true }> {
    return this.sessionsService.remove(await this.participant(context), session_id, participant_id);
  }

  /** A gateway's report of the participants it holds connections of; each is named by its own token. */
  @RpcHandler(participants.seen)
  seen(payload: ParticipantsSeenPayload): Promise<{ seen: number }> {
    return this.locations.seen(payload);
  }

  @RpcHandler(positions.update)
  async update(
    payload: UpdateLocationPositionPayload,
    @Ctx() context: NatsContext,
  ): Promise<LocationPositionView> {
    return this.locations.update(await this.participant(context), payload);
  }

  @RpcHandler(topics.authorize)
  async authorize(
    { topic }: AuthorizeTopicPayload,
    @Ctx() context: NatsContext,
  ): Promise<TopicAuthorization> {
    return this.locations.authorize(await this.participant(context), topic);
  }

  private participant(context: NatsContext): Promise<ParticipantTokenClaims> {
    return this.tokens.verify(natsHeader(context, NatsHeader.ActorToken));
  }
}
