import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '@shotcaller/auth';
import {
  CreateLocationSessionBody,
  JoinLocationSessionBody,
  ServiceError,
  Subjects,
  LocationGrant,
  LocationParticipantsView,
  LocationSessionView,
  type JoinLocationSessionPayload,
  type RemoveLocationParticipantPayload,
} from '@shotcaller/contracts';
import { ServiceClient, type Caller, type ServiceAnswer } from '@shotcaller/messaging';
import { RealtimeAuthenticator } from '../../realtime/connections/realtime-authenticator.js';
import { ErrorResponse } from '../errors/http-errors.js';
import { ApiErrors } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';
import { BearerToken } from './participant-caller.js';

const { sessions, participants } = Subjects.location;
const GONE = { status: 410, description: 'The session has ended', type: ErrorResponse };

/**
 * Location sharing, with no account: anyone creates a session or joins one by its id and gets a participant
 * token; that token (not a user token) authorizes the participant routes and the socket (`location:<id>`).
 */
@ApiTags('location')
@Public()
@Controller('api/location/sessions')
export class LocationController {
  constructor(
    private readonly services: ServiceClient,
    private readonly authenticator: RealtimeAuthenticator,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a session: answers the session, its creator (you) and your participant token',
  })
  @ApiCreatedResponse({ type: LocationGrant })
  @ApiErrors(400, 415, 422, 429, 503, 504)
  create(@Body() body: CreateLocationSessionBody): Promise<ServiceAnswer<LocationGrant>> {
    return this.services.relay(sessions.create, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A session: its name, expiry, state and how many take part (anyone with its id)' })
  @ApiOkResponse({ type: LocationSessionView })
  @ApiErrors(404, 429, 503, 504)
  show(@RecordId() id: string): Promise<ServiceAnswer<LocationSessionView>> {
    return this.services.relay(sessions.get, { session_id: id });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'End the session (its creator): everyone is told and live positions are removed' })
  @ApiBearerAuth()
  @ApiOkResponse({ type: LocationSessionView })
  @ApiResponse(GONE)
  @ApiErrors(401, 403, 404, 429, 503, 504)
  async end(
    @RecordId() id: string,
    @BearerToken() token: string,
  ): Promise<ServiceAnswer<LocationSessionView>> {
    return this.services.relay(
      sessions.end,
      { session_id: id },
      { caller: await this.participant(token, id) },
    );
  }

  @Post(':id/join')
  @HttpCode(201)
  @ApiOperation({ summary: 'Join a session: answers the session, you as a participant, and your token' })
  @ApiCreatedResponse({ type: LocationGrant })
  @ApiResponse(GONE)
  @ApiErrors(400, 404, 409, 415, 422, 429, 503, 504)
  join(@RecordId() id: string, @Body() body: JoinLocationSessionBody): Promise<ServiceAnswer<LocationGrant>> {
    const payload: JoinLocationSessionPayload = { ...body, session_id: id };
    return this.services.relay(sessions.join, payload);
  }

  @Get(':id/participants')
  @ApiOperation({ summary: "The session's participants with their latest positions (its participants)" })
  @ApiBearerAuth()
  @ApiOkResponse({ type: LocationParticipantsView })
  @ApiResponse(GONE)
  @ApiErrors(401, 403, 404, 429, 503, 504)
  async list(
    @RecordId() id: string,
    @BearerToken() token: string,
  ): Promise<ServiceAnswer<LocationParticipantsView>> {
    return this.services.relay(
      participants.list,
      { session_id: id },
      { caller: await this.participant(token, id) },
    );
  }

  @Delete(':id/participants/:participantId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave the session (yourself), or remove someone from it (its creator)' })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiResponse(GONE)
  @ApiErrors(401, 403, 404, 429, 503, 504)
  async remove(
    @RecordId() id: string,
    @RecordId('participantId') participantId: string,
    @BearerToken() token: string,
  ): Promise<void> {
    const payload: RemoveLocationParticipantPayload = { session_id: id, participant_id: participantId };
    await this.services.request(participants.remove, payload, { caller: await this.participant(token, id) });
  }

  /** A participant token of this session, verified here as on sockets (the service verifies it again). */
  private async participant(token: string, sessionId: string): Promise<Caller> {
    const identity = await this.authenticator.authenticate(token);
    if (identity.kind !== 'participant') {
      throw ServiceError.unauthenticated('This route takes a location participant token');
    }
    if (identity.sessionId !== sessionId) throw ServiceError.forbidden('This token is for another session');
    return { token };
  }
}
