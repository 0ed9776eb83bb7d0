import type { DynamicModule, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestMicroservice } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger, registerMicroserviceLogging } from 'nestjs-pino';
import {
  BootLogger,
  ConfigError,
  DependencyUnreachable,
  Metrics,
  serializeError,
  withLogDestination,
  type LogDestination,
  type ServiceEnv,
} from '@shotcaller/observability';
import { rememberValidationRules } from '@shotcaller/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { NamespacedNatsServer } from './nats/namespaced-nats.transport.js';
import { GracefulStop } from './graceful-stop.js';
import { ServiceAnswerExpressAdapter } from './service-answer.adapter.js';
import { InFlightRequests } from './rpc/in-flight.js';
import { rpcRequestHook } from './rpc/rpc-request.hook.js';
import { RpcAccessGuard } from './rpc/rpc-access.guard.js';
import { IdempotencyInterceptor } from './rpc/idempotency.interceptor.js';
import { RpcErrorFilter } from './rpc/rpc-handlers.js';

export interface BootOptions {
  /** The service's name, for the logs written before its own logger exists. */
  service: string;
  /** Its validated configuration: the port to listen on and the log level come from it. */
  config: ServiceEnv;
  module: DynamicModule | Type;
  host?: string;
  /** Stop cleanly on SIGTERM/SIGINT. On for processes, off for apps booted inside tests. */
  shutdownHooks?: boolean;
  /** Options for the HTTP application (the gateway registers its own body parser). */
  appOptions?: NestApplicationOptions;
  /** HTTP setup the app needs before it listens (the gateway's parsers, CORS, docs). */
  configureHttp?: (app: NestExpressApplication) => void | Promise<void>;
  /** Where the service writes its log lines; stdout when absent. Tests pass a stream to read them. */
  logDestination?: LogDestination;
}

/**
 * Boots one service: its HTTP side (health, metrics, and for the gateway the API) and, when its module
 * serves NATS, the NATS handlers with request logging, metrics and graceful draining.
 */
export async function bootService(options: BootOptions): Promise<NestExpressApplication> {
  rememberValidationRules();
  const root = withLogDestination(options.module, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(root, new ServiceAnswerExpressAdapter(), {
    logger: new BootLogger(options.service, options.config.LOG_LEVEL, options.logDestination),
    abortOnError: false,
    ...options.appOptions,
  });
  try {
    app.useLogger(app.get(Logger));
    if (options.shutdownHooks) app.enableShutdownHooks();
    app.use(app.get(GracefulStop).closeConnectionsWhileStopping);
    await options.configureHttp?.(app);

    const messaging = app.get<MessagingOptions>(MESSAGING_OPTIONS);
    if (messaging.serve) {
      const server = app.get(NamespacedNatsServer);
      const microservice = app.connectMicroservice({ strategy: server }, { deferInitialization: true });
      registerMicroserviceLogging(microservice);
      // For every handler of every service, without opting in: typed errors and the actor check.
      microservice.useGlobalFilters(new RpcErrorFilter());
      microservice.useGlobalGuards(app.get(RpcAccessGuard));
      microservice.useGlobalInterceptors(app.get(IdempotencyInterceptor));
      microservice.registerPreRequestHook(
        rpcRequestHook(app.get(Metrics), app.get(InFlightRequests), messaging.subjectPrefix),
      );
      // A deferred microservice runs the lifecycle hooks itself, and app.listen() runs them again: every timer,
      // subscription and worker started in onApplicationBootstrap would start twice. They run once, here, before
      // NATS handlers take requests.
      await app.init();
      (microservice as NestMicroservice).setIsInitHookCalled(true);
      await app.startAllMicroservices();
    }
    await app.listen(options.config.PORT, options.host ?? '0.0.0.0');
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Ends the process SHUTDOWN_TIMEOUT_MS after a stop signal whatever still holds it (a client that will not let go,
 * a request that never ends): the orchestrator's own deadline must never be the one that stops it.
 */
function exitWithin(name: string, timeoutMs: number): void {
  const armDeadline = () => {
    setTimeout(() => {
      process.stderr.write(`[${name}] still stopping after ${timeoutMs} ms: exiting now\n`);
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', armDeadline);
  process.once('SIGINT', armDeadline);
}

/**
 * The entry point of a service process: boots it, and on a configuration or connectivity problem says
 * plainly what is wrong (which variable, which dependency at which address) and exits non-zero.
 */
export async function runService(name: string, boot: () => Promise<NestExpressApplication>): Promise<void> {
  try {
    const app = await boot();
    exitWithin(name, app.get<MessagingOptions>(MESSAGING_OPTIONS).drainTimeoutMs);
    const url = await app.getUrl();
    process.stdout.write(
      `${JSON.stringify({ level: 30, service: name, msg: `${name} listening on ${url}` })}\n`,
    );
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DependencyUnreachable) {
      process.stderr.write(`[${name}] cannot start: ${error.message}\n`);
    } else {
      // Through the log serializer: a failed migration's driver error must not print row contents.
      const safe = serializeError(error);
      process.stderr.write(`[${name}] failed to start: ${safe.stack ?? safe.message}\n`);
    }
    process.exit(1);
  }
}
