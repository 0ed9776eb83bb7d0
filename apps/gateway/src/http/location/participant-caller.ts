import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ServiceError } from '@shotcaller/contracts';
import type { Request } from 'express';

/** The bearer token of a request, unverified (the controller verifies it as a participant token). */
export const BearerToken = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
  if (!match) throw ServiceError.unauthenticated('Authentication required: send a participant token');
  return match[1];
});
