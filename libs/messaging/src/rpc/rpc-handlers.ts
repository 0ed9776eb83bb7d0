import { Catch, Controller, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { NatsHeader } from '@shotcaller/contracts';
import { throwError, type Observable } from 'rxjs';
import { isServerFailure, toServiceError } from './error-payload.js';
import { natsHeader } from './nats-header.js';

export { natsHeader } from './nats-header.js';

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
 * Marks a class of NATS handlers (`@RpcHandler(subject)` methods). Payload validation, the actor check and typed
 * errors apply to every handler of every service without asking: they are registered on the NATS server itself.
 */
export const RpcHandlers = (): ClassDecorator => Controller();
