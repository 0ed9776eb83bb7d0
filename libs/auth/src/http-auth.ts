import {
  createParamDecorator,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ServiceError } from '@shotcaller/contracts';
import { PUBLIC_ROUTE } from '@shotcaller/observability';
import type { Request } from 'express';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { TokenGate, type AuthenticatedUser } from './token-gate.js';

export { Public } from '@shotcaller/observability';

/** The edge's verifier: the keys, issuer and audience every access token is checked against. */
export const EDGE_TOKEN_VERIFIER = Symbol('EDGE_TOKEN_VERIFIER');

/** The bearer token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if any. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  return match && match[1].toLowerCase() === 'bearer' ? match[2] : undefined;
}

/**
 * Requires a valid, unrevoked access token on every route not marked @Public(). The signature check (ES256) runs
 * once per token and process, then the verified claims are remembered until the token expires; whether it was
 * signed out and is of the account's current version is asked of the TokenGate on every request.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  /** Whether each handler is public, read once per handler instead of per request. */
  private readonly publicHandlers = new WeakMap<object, boolean>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(EDGE_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    private readonly gate: TokenGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw ServiceError.unauthenticated('Authentication required');
    const claims = await this.verifier.verify(token);
    request.user = await this.gate.admit(claims, token);
    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let isPublic = this.publicHandlers.get(handler);
    if (isPublic === undefined) {
      isPublic =
        this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [handler, context.getClass()]) ??
        false;
      this.publicHandlers.set(handler, isPublic);
    }
    return isPublic;
  }
}

/** The verified identity of the request (routes behind JwtAuthGuard only). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
