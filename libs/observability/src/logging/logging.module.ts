import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule, ExecutionContext } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { acceptRequestId } from '../request-context.js';

/** Paths pino blanks out wherever they appear in a log record. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-actor"]',
  'res.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.password_confirmation',
  '*.token',
  '*.accessToken',
  '*.privateKey',
];

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

/** JSON logs for HTTP requests and NATS messages, with the request id on every line. */
export function loggingModule({ service, level, rpc }: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req, res) => requestIdOf(req, res),
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: pathOnly(req.url),
          remoteAddress: req.remoteAddress,
        }),
      },
    },
    microservice: rpc
      ? {
          genReqId: (context) => rpc.requestId(context),
          customProps: (context) => rpc.props(context),
          customAttributeKeys: { reqId: 'req_id' },
          customLogLevel: (_context, error) => (error ? (rpc.isExpected(error) ? 'warn' : 'error') : 'info'),
          customErrorObject: (_context, error, value) => {
            if (!rpc.isExpected(error)) return value;
            const { code, message } = error as { code?: string; message?: string };
            return {
              responseTime: (value as { responseTime?: number }).responseTime,
              refusal: { code, message },
            };
          },
        }
      : false,
  });
}
