import { createParamDecorator, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ServiceError } from '@shotcaller/contracts';
import { PUBLIC_ROUTE } from '@shotcaller/observability';
import type { AuthenticatedUser } from './token-gate.js';

export { Public } from '@shotcaller/observability';

function reasonFor(info: unknown): string {
  const failure = info as { name?: string; message?: string } | undefined;
  if (failure?.name === 'TokenExpiredError') return 'Token has expired';
  if (failure?.message === 'No auth token') return 'Authentication required';
  return 'Invalid token';
}

/** Requires a valid, unrevoked access token on every route not marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<TUser = AuthenticatedUser>(
    error: unknown,
    user: TUser | false,
    info: unknown,
  ): TUser {
    if (error instanceof ServiceError) throw error;
    if (error || !user) throw ServiceError.unauthenticated(reasonFor(info));
    return user;
  }
}

/** The verified identity of the request (routes behind JwtAuthGuard only). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
