import { Controller, Delete, Get, HttpCode, Inject, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExcludeEndpoint,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AccessTokenVerifier,
  bearerToken,
  EDGE_TOKEN_VERIFIER,
  Public,
  TokenGate,
  type AuthenticatedUser,
} from '@shotcaller/auth';
import { EmptyPayload, QUEUE_DASHBOARD_PATH, ServiceError, Subjects } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import type { Request, Response } from 'express';
import { OptionalBody } from '../invitations/optional-body.js';
import { ApiErrors } from '../shared/api-errors.js';
import { NO_FIELDS } from '../shared/no-fields.js';
import { passOn } from './dashboard-proxy.js';

export const QUEUE_DASHBOARD_OPTIONS = Symbol('QUEUE_DASHBOARD_OPTIONS');

export interface QueueDashboardOptions {
  /** The jobs service's HTTP side (JOBS_DASHBOARD_URL). */
  target: URL;
  timeoutMs: number;
}

/** The cookie a browser holds the administrator's token in, sent back only to the dashboard's own paths. */
export const DASHBOARD_COOKIE = 'shotcaller_queues';

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === DASHBOARD_COOKIE && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function dashboardCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [
    `Path=${QUEUE_DASHBOARD_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) attributes.push('Secure');
  return `${DASHBOARD_COOKIE}=${encodeURIComponent(token)}; ${attributes.join('; ')}`;
}

/**
 * The queue dashboard (Bull Board, served by the jobs service), for administrators only. A browser first opens a
 * session with its token (`POST /admin/queues/session`, Bearer), kept in an HttpOnly, SameSite=Strict cookie
 * scoped to these paths; API clients may send the Bearer header on every request instead. Each request passes the
 * same token checks as the API (signature, sign-out, account version) and the account must be an administrator
 * now, as the campaign service knows it; the jobs service then verifies the token again itself.
 */
@ApiTags('admin')
@Public()
@Controller(QUEUE_DASHBOARD_PATH.slice(1))
export class QueueDashboardController {
  constructor(
    @Inject(EDGE_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    private readonly gate: TokenGate,
    private readonly services: ServiceClient,
    @Inject(QUEUE_DASHBOARD_OPTIONS) private readonly options: QueueDashboardOptions,
  ) {}

  @Post('session')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Open a queue-dashboard session in this browser (administrators; Bearer token), kept in an HttpOnly cookie',
  })
  @ApiBearerAuth()
  @ApiBody(NO_FIELDS)
  @ApiNoContentResponse({ description: 'Session cookie set' })
  @ApiErrors(401, 403, 503)
  async openSession(
    @OptionalBody() _body: undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const caller = await this.administrator(bearerToken(request.headers.authorization));
    const maxAge = Math.max(0, caller.claims.exp - Math.floor(Date.now() / 1000));
    response.setHeader('Set-Cookie', dashboardCookie(caller.token, maxAge, request.secure));
  }

  @Delete('session')
  @HttpCode(204)
  @ApiOperation({ summary: "End this browser's queue-dashboard session" })
  @ApiNoContentResponse({ description: 'Session cookie cleared' })
  closeSession(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    response.setHeader('Set-Cookie', dashboardCookie('', 0, request.secure));
  }

  @Get()
  @ApiOperation({
    summary: "The queue dashboard (Bull Board's page), for administrators: Bearer token or session",
  })
  @ApiOkResponse({ description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiErrors(401, 403, 503)
  page(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.dashboard(request, response);
  }

  // Bull Board's own assets and API, passed on as they are: documented by Bull Board, not here. Reads, and the
  // writes it allows (retry, remove, pause: all PUT); the jobs service decides which PUTs it takes.
  @ApiExcludeEndpoint()
  @Get('{*path}')
  async dashboard(@Req() request: Request, @Res() response: Response): Promise<void> {
    const token = bearerToken(request.headers.authorization) ?? cookieToken(request.headers.cookie);
    const caller = await this.administrator(token);
    passOn(request, response, this.options.target, caller.token, this.options.timeoutMs);
  }

  // Its writes: Nest binds one method per handler. The jobs service answers 403 to those it does not take.
  @ApiExcludeEndpoint()
  @Put('{*path}')
  change(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.dashboard(request, response);
  }

  @ApiExcludeEndpoint()
  @Post('{*path}')
  add(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.dashboard(request, response);
  }

  @ApiExcludeEndpoint()
  @Delete('{*path}')
  remove(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.dashboard(request, response);
  }

  private async administrator(token: string | undefined): Promise<AuthenticatedUser> {
    if (!token) throw ServiceError.unauthenticated('Authentication required');
    const caller = await this.gate.admit(await this.verifier.verify(token), token);
    const account = await this.services.request(Subjects.campaign.users.current, new EmptyPayload(), {
      caller,
    });
    if (!account.admin) throw ServiceError.forbidden('The queue dashboard is for administrators');
    return caller;
  }
}
