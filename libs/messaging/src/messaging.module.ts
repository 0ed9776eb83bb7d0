import { hostname } from 'node:os';
import { Module, type DynamicModule } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { natsInboxPrefix } from '@shotcaller/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import {
  NamespacedNatsClient,
  NamespacedNatsServer,
  type NatsConnectionOptions,
} from './nats/namespaced-nats.transport.js';
import { InFlightRequests } from './rpc/in-flight.js';
import { GracefulStop } from './graceful-stop.js';
import { ServiceClient } from './service-client.js';

function connectionOptions(options: MessagingOptions, role: string): NatsConnectionOptions {
  return {
    servers: options.servers,
    name: `${options.service}-${role}@${hostname()}:${process.pid}`,
    // Replies come back under the service's own inbox prefix, the only one its NATS user may subscribe to.
    inboxPrefix: natsInboxPrefix(options.service, options.subjectPrefix),
    ...(options.nkeySeed
      ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(options.nkeySeed)) }
      : {}),
    // Never give up: a NATS restart must be survived without restarting the process.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 3000,
    // A stack trace captured for every request, only to decorate a timeout's error: not worth its cost.
    noAsyncTraces: true,
  };
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    const serverProviders = options.serve
      ? [
          InFlightRequests,
          {
            provide: NamespacedNatsServer,
            inject: [InFlightRequests],
            useFactory: (inFlight: InFlightRequests) =>
              new NamespacedNatsServer(options.subjectPrefix, inFlight, options.drainTimeoutMs, {
                ...connectionOptions(options, 'server'),
                queue: options.serve,
              }),
          },
        ]
      : [];
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NamespacedNatsClient,
          useFactory: () =>
            new NamespacedNatsClient(options.subjectPrefix, connectionOptions(options, 'client')),
        },
        ServiceClient,
        GracefulStop,
        ...serverProviders,
      ],
      exports: [ServiceClient, NamespacedNatsClient, MESSAGING_OPTIONS, GracefulStop, ...serverProviders],
    };
  }
}

/** Readiness of a NATS connection: connected, and a round trip to the server completes in time. */
export function natsReadiness(
  indicators: HealthIndicatorService,
  connection: () => NatsConnection | undefined,
  key = 'nats',
) {
  return () =>
    indicators
      .check(key)
      .attempt(async () => {
        const nc = connection();
        if (!nc || nc.isClosed()) throw new Error('not connected');
        const rtt = await nc.rtt();
        return { server: nc.getServer(), rtt_ms: rtt };
      })
      .withTimeout(2000);
}
