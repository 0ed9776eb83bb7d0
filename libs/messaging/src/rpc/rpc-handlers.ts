import { Catch, Controller, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { NatsHeader } from '@shotcaller/contracts';
import { throwError, type Observable } from 'rxjs';
import { isServerFailure, toServiceError } from './error-payload.js';
import { natsHeader } from './nats-header.js';
import { dependencyUnavailable, isDependencyOutage, OutageLog } from './outages.js';

export { natsHeader } from './nats-header.js';

/**
 * Sends every handler failure over NATS as `{statusCode, code, message, details}`. Expected failures
 * (4xx) pass through quietly; a store that is unreachable is a 503 `dependency_unavailable` with `retry_after`,
 * logged as an outage; anything else is logged with its stack and the request id, and the caller sees only
 * "Internal server error".
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');
  private readonly outages = new OutageLog();

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const context = host.switchToRpc().getContext<NatsContext>();
    if (isDependencyOutage(exception)) {
      this.outages.refused(String(context.getSubject()));
      return throwError(() => dependencyUnavailable().toPayload());
    }
    const error = toServiceError(exception);
    if (isServerFailure(error)) {
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
