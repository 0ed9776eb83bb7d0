import type { DynamicModule, ForwardReference, InjectionToken, Provider, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import type { BackendServiceName, ServiceName } from '@shotcaller/contracts';
import {
  HealthModule,
  loggingModule,
  MetricsModule,
  OpsModule,
  type ServiceEnv,
  type VerifyingServiceEnv,
} from '@shotcaller/observability';
import { AccessTokenVerifier, VerificationKeys, type TokenCheck } from '@shotcaller/auth';
import { MessagingModule, natsReadiness } from './messaging.module.js';
import { RpcAccessGuard } from './rpc/rpc-access.guard.js';
import { IdempotencyInterceptor } from './rpc/idempotency.interceptor.js';
import { NamespacedNatsServer } from './nats/namespaced-nats.transport.js';
import { rpcLogContext } from './rpc/rpc-request.hook.js';
import { systemHandlers } from './system.handlers.js';

type ModuleImport = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

export interface BackendServiceOptions {
  service: BackendServiceName;
  config: ServiceEnv;
  /** The stores the service uses (PersistenceModule, RedisModule, ...). */
  imports?: ModuleImport[];
  /** Readiness checks of those stores; NATS is checked for every service. */
  readiness?: {
    inject: InjectionToken[];
    checks: (indicators: HealthIndicatorService, ...dependencies: never[]) => HealthIndicatorFunction[];
  };
  controllers?: Type[];
  providers?: Provider[];
  /** The keys, issuer and audience of the access tokens callers prove who they are with. */
  actorTokens: TokenCheck;
}

/**
 * What every service, the gateway included, is built on: its validated configuration served by ConfigService,
 * JSON logs, metrics, and NATS (a client always; with `serve`, its handlers on the service's queue group).
 */
export function serviceFoundation(
  service: ServiceName,
  config: ServiceEnv,
  { serve, keptAnswerBytes }: { serve?: BackendServiceName; keptAnswerBytes?: number } = {},
): ModuleImport[] {
  return [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      ignoreEnvVars: true,
      load: [() => ({ ...config })],
    }),
    loggingModule({ service, level: config.LOG_LEVEL, ...(serve ? { rpc: rpcLogContext } : {}) }),
    MetricsModule.forRoot(service),
    OpsModule.forRoot({ port: config.OPS_PORT }),
    MessagingModule.forRoot({
      service,
      ...(serve ? { serve } : {}),
      ...(keptAnswerBytes ? { keptAnswerBytes } : {}),
      servers: config.NATS_URL.split(','),
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
      nkeySeed: config.NATS_NKEY_SEED,
      requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
      drainTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    }),
  ];
}

/** The token check of a service that verifies callers with the issuers' public keys (all but the issuer itself). */
export function actorTokensFrom(config: VerifyingServiceEnv): TokenCheck {
  return {
    keys: VerificationKeys.fromPem(config.JWT_PUBLIC_KEY),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  };
}

/**
 * What every service that answers NATS requests is made of: validated configuration, JSON logs with request
 * ids, metrics, NATS handlers on its queue group, `/health/*` and `<service>.ping`/`.health`. The app adds its
 * stores, their readiness checks and its features.
 */
export function backendServiceModule(module: Type, options: BackendServiceOptions): DynamicModule {
  const { service, config } = options;
  const inject = options.readiness?.inject ?? [];
  const storeChecks = options.readiness?.checks as
    | ((indicators: HealthIndicatorService, ...dependencies: unknown[]) => HealthIndicatorFunction[])
    | undefined;
  return {
    module,
    imports: [
      ...serviceFoundation(service, config, { serve: service }),
      ...(options.imports ?? []),
      HealthModule.forRoot({
        inject: [NamespacedNatsServer, ...inject],
        checks: (
          indicators: HealthIndicatorService,
          server: NamespacedNatsServer,
          ...dependencies: unknown[]
        ) => [
          ...(storeChecks?.(indicators, ...dependencies) ?? []),
          natsReadiness(indicators, () => server.connection()),
        ],
      }),
    ],
    controllers: [systemHandlers(service), ...(options.controllers ?? [])],
    providers: [
      { provide: AccessTokenVerifier, useValue: new AccessTokenVerifier(options.actorTokens) },
      RpcAccessGuard,
      IdempotencyInterceptor,
      ...(options.providers ?? []),
    ],
  };
}
