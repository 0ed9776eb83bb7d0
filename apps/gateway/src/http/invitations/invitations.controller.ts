import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, type AuthenticatedUser } from '@shotcaller/auth';
import {
  AccountMessages,
  CreateInvitationBody,
  EmptyPayload,
  InvitationRedeemedView,
  InvitationRegistrationDto,
  InvitationRegistrationResponse,
  InvitationsIndexView,
  InvitationView,
  PublicInvitationView,
  RedeemInvitationBody,
  Subjects,
  type InvitationIdPayload,
  type RegisterThroughInvitationPayload,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import type { Response } from 'express';
import { RateLimited } from '../../rate-limits/rate-limits.js';
import { NO_FIELDS } from '../shared/no-fields.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { sendToken } from '../shared/session-token.js';
import { RecordId } from '../shared/uuid-param.js';
import { OptionalBody } from './optional-body.js';

const { invitations } = Subjects.campaign;

/**
 * Invitations to the current campaign. Its gamemaster invites by address (the email is sent by the jobs service
 * once it has a mail queue) or makes a link for a number of people; whoever holds one sees the campaign and joins,
 * signed in or by registering through it.
 */
@ApiTags('invitations')
@Controller('api/v2/invitations')
export class InvitationsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: "The current campaign's pending invitations, newest first (its gamemaster)" })
  @ApiOkResponse({ type: InvitationsIndexView })
  @ApiSignedIn()
  @ApiErrors(403, 404)
  list(@CurrentUser() caller: AuthenticatedUser): Promise<ServiceAnswer<InvitationsIndexView>> {
    return this.services.relay(invitations.list, new EmptyPayload(), { caller });
  }

  @Post()
  @HttpCode(201)
  @RateLimited('invite')
  @ApiOperation({
    summary: 'Invite to the current campaign (its gamemaster): by email, or a link for maximum_count people',
  })
  @ApiCreatedResponse({ type: InvitationView })
  @ApiSignedIn()
  @ApiErrors(400, 403, 404, 415, 422)
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateInvitationBody,
  ): Promise<ServiceAnswer<InvitationView>> {
    return this.services.relay(invitations.create, body.invitation, { caller });
  }

  @Public()
  @Get(':id')
  @ApiOperation({
    summary: 'What an invitee sees before redeeming: the campaign and who invited (no sign-in)',
  })
  @ApiOkResponse({ type: PublicInvitationView })
  @ApiErrors(404, 429, 503, 504)
  show(@RecordId() id: string): Promise<ServiceAnswer<PublicInvitationView>> {
    const payload: InvitationIdPayload = { id };
    return this.services.relay(invitations.get, payload);
  }

  @Post(':id/redeem')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Join the campaign: 403 when the invitation is for another address, 409 when already in it',
  })
  @ApiBody({ type: RedeemInvitationBody, required: false })
  @ApiCreatedResponse({ type: InvitationRedeemedView })
  @ApiSignedIn()
  @ApiErrors(400, 403, 404, 409, 415, 422)
  redeem(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @OptionalBody(RedeemInvitationBody) _body?: RedeemInvitationBody,
  ): Promise<ServiceAnswer<InvitationRedeemedView>> {
    return this.redeemFor(caller, id);
  }

  @Patch(':id/redeem')
  @HttpCode(201)
  @ApiOperation({ summary: 'Same as POST redeem (the Rails-era client sends a PATCH)' })
  @ApiBody({ type: RedeemInvitationBody, required: false })
  @ApiCreatedResponse({ type: InvitationRedeemedView })
  @ApiSignedIn()
  @ApiErrors(400, 403, 404, 409, 415, 422)
  redeemByPatch(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @OptionalBody(RedeemInvitationBody) _body?: RedeemInvitationBody,
  ): Promise<ServiceAnswer<InvitationRedeemedView>> {
    return this.redeemFor(caller, id);
  }

  @Public()
  @RateLimited('register')
  @Post(':id/register')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Create an account through an invitation and join its campaign; signed in at once (token in the Authorization header)',
  })
  @ApiCreatedResponse({ type: InvitationRegistrationResponse })
  @ApiErrors(400, 404, 415, 422, 429, 503, 504)
  async register(
    @RecordId() id: string,
    @Body() body: InvitationRegistrationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InvitationRegistrationResponse> {
    const payload: RegisterThroughInvitationPayload = { ...body, id };
    const joined = await this.services.request(invitations.register, payload);
    if (joined.token !== null) sendToken(res, joined.token);
    const { user } = joined;
    return {
      code: 201,
      message: joined.requires_confirmation
        ? `${joined.message} ${AccountMessages.signedUpUnconfirmed}`
        : joined.message,
      requires_confirmation: joined.requires_confirmation,
      user: { id: user.id, email: user.email, first_name: user.first_name, last_name: user.last_name },
      data: user,
      payload: joined.claims,
      campaign: joined.campaign,
    };
  }

  @Post(':id/resend')
  @HttpCode(200)
  @RateLimited('invite')
  @ApiOperation({ summary: "Send an invitation's email again (the gamemaster of the current campaign)" })
  @ApiBody(NO_FIELDS)
  @ApiOkResponse({ type: InvitationView })
  @ApiSignedIn()
  @ApiErrors(400, 403, 404, 415, 422)
  resend(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @OptionalBody() _body?: undefined,
  ): Promise<ServiceAnswer<InvitationView>> {
    const payload: InvitationIdPayload = { id };
    return this.services.relay(invitations.resend, payload, { caller });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an invitation of the current campaign (its gamemaster)' })
  @ApiNoContentResponse()
  @ApiSignedIn()
  @ApiErrors(403, 404)
  async delete(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<void> {
    const payload: InvitationIdPayload = { id };
    await this.services.request(invitations.delete, payload, { caller });
  }

  private redeemFor(caller: AuthenticatedUser, id: string): Promise<ServiceAnswer<InvitationRedeemedView>> {
    const payload: InvitationIdPayload = { id };
    return this.services.relay(invitations.redeem, payload, { caller });
  }
}
