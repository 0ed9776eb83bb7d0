import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Module, type DynamicModule, type ExecutionContext, type Type } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { acceptRequestId } from '../request-context.js';
import { serializeError } from './error-serializer.js';
import { safeLogOptions, type LogDestination } from './log-safety.js';

/** Where `loggingModule` writes when a destination is provided (see `withLogDestination`). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

type RequestWithId = IncomingMessage & { id?: unknown };

/**
 * The request id of an HTTP request: the caller's `x-request-id` when it is a sane token, else a new one. It is
 * fixed on the request and echoed in the response, so logs, metrics and NATS calls all use the same id.
 */
export function requestIdOf(req: RequestWithId, res?: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const id = acceptRequestId(req.headers['x-request-id']);
  req.id = id;
  if (res && !res.headersSent) res.setHeader('x-request-id', id);
  return id;
}

/** Drops query strings from logged URLs: a token in `?token=` must not reach the logs. */
function pathOnly(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}

export interface RpcLogContext {
  requestId(context: ExecutionContext): string;
  props(context: ExecutionContext): object;
  /** An expected refusal (a 4xx) is logged as a warning with its code, not as an error with a stack. */
  isExpected(error: unknown): boolean;
}

export interface LoggingOptions {
  service: string;
  level: string;
  rpc?: RpcLogContext;
}

/**
 * JSON logs for HTTP requests and NATS messages, with the request id on every line, and nothing that a log
 * must not carry (see log-safety.ts).
 */
export function loggingModule({ service, level, rpc }: LoggingOptions): DynamicModule {
  const { serializers, ...safety } = safeLogOptions();
  const pinoHttp: Options = {
    level,
    base: { service },
    ...safety,
    genReqId: (req, res) => requestIdOf(req, res),
    // A 503 is a dependency that is down (reported once where it is noticed), not a bug of this request.
    customLogLevel: (_req, res, error) =>
      error || (res.statusCode >= 500 && res.statusCode !== 503)
        ? 'error'
        : res.statusCode >= 400
          ? 'warn'
          : 'info',
    autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
    serializers: {
      ...serializers,
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: pathOnly(req.url),
        remoteAddress: req.remoteAddress,
      }),
    },
  };
  const params = (destination: LogDestination | undefined): Params => ({
    pinoHttp: destination ? [pinoHttp, destination] : pinoHttp,
    microservice: rpc
      ? {
          genReqId: (context) => rpc.requestId(context),
          customProps: (context) => rpc.props(context),
          customAttributeKeys: { reqId: 'req_id' },
          customLogLevel: (_context, error) => (error ? (rpc.isExpected(error) ? 'warn' : 'error') : 'info'),
          customErrorObject: (_context, error, value) => {
            if (!rpc.isExpected(error)) return { ...value, err: serializeError(error) };
            const { code, message } = error as { code?: string; message?: string };
            return {
              responseTime: (value as { responseTime?: number }).responseTime,
              refusal: { code, message },
            };
          },
        }
      : false,
  });
  return LoggerModule.forRootAsync({
    inject: [{ token: LOG_DESTINATION, optional: true }],
    useFactory: (destination?: LogDestination) => params(destination),
  });
}

@Global()
@Module({})
class LogDestinationModule {}

@Module({})
class LogDestinationRoot {}

/**
 * `module` with every log line of the app written to `destination` (a test reads them) instead of stdout.
 * The destination is provided globally, for the `loggingModule` inside `module`. nestjs-pino keeps one root
 * logger per process, built by the first app that logs: only a test that boots one app reads all its lines.
 */
export function withLogDestination(
  module: DynamicModule | Type,
  destination: LogDestination | undefined,
): DynamicModule | Type {
  if (!destination) return module;
  return {
    module: LogDestinationRoot,
    imports: [
      {
        module: LogDestinationModule,
        providers: [{ provide: LOG_DESTINATION, useValue: destination }],
        exports: [LOG_DESTINATION],
      },
      module,
    ],
  };
}
