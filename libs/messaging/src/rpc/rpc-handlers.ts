import {
  applyDecorators,
  Catch,
  Controller,
  Logger,
  UseFilters,
  UsePipes,
  ValidationPipe,
  type ArgumentsHost,
  type RpcExceptionFilter,
} from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { ServiceError, toFieldErrors, NatsHeader } from '@shotcaller/contracts';
import { throwError, type Observable } from 'rxjs';
import { isServerFailure, toServiceError } from './error-payload.js';

/** Reads one header of the NATS message being handled; '' when absent. */
export function natsHeader(context: NatsContext, name: string): string {
  const headers = context.getHeaders() as { get(name: string): string } | undefined;
  return headers?.get(name) ?? '';
}

/**
 * Sends every handler failure over NATS as `{statusCode, code, message, details}`. Expected failures
 * (4xx) pass through quietly; anything else is logged with its stack and the request id, and the caller
 * sees only "Internal server error".
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const error = toServiceError(exception);
    if (isServerFailure(error)) {
      const context = host.switchToRpc().getContext<NatsContext>();
      this.logger.error(
        { err: exception, subject: context.getSubject(), req_id: natsHeader(context, NatsHeader.RequestId) },
        'NATS handler failed',
      );
    }
    return throwError(() => error.toPayload());
  }
}

/**
 * Validates NATS payloads like HTTP bodies: the DTO class of the `@Payload()` parameter, unknown fields
 * refused, values converted. A payload that breaks its contract is answered with `invalid_payload`.
 */
export const rpcValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validateCustomDecorators: false,
  exceptionFactory: (errors) => ServiceError.invalidPayload(toFieldErrors(errors)),
});

/** Marks a class of NATS handlers: payload validation and typed errors for every handler in it. */
export const RpcHandlers = (): ClassDecorator =>
  applyDecorators(Controller(), UseFilters(RpcErrorFilter), UsePipes(rpcValidationPipe));
