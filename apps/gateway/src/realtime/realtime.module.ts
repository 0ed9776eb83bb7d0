import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayEnv } from '../config.js';
import { CableServer } from './cable/cable.server.js';
import { ConnectionCapStore } from './connections/connection-cap.store.js';
import { ConnectionRegistry } from './connections/connection-registry.js';
import { RealtimeAuthenticator } from './connections/realtime-authenticator.js';
import { TopicFanout } from './fanout/topic-fanout.js';
import { RealtimeMetrics } from './realtime.metrics.js';
import { REALTIME_OPTIONS, realtimeOptions } from './realtime.options.js';
import { SocketIoServer } from './socketio/socketio.server.js';
import { presenceProviders } from './presence/presence.providers.js';
import { PresenceService } from './presence/presence.service.js';
import { SocketIoPresence } from './presence/socketio-presence.js';
import { MembershipEnds } from './topics/membership-ends.js';
import { TopicAccess } from './topics/topic-access.js';
import { UnknownUpgrades } from './upgrades/unknown-upgrades.js';

/**
 * The realtime gateway: socket.io at /socket.io, ActionCable at /cable, presence, and what they share (topic
 * fan-out from NATS, topic authorization, connection accounting, metrics). `auth` is the gateway's own
 * EdgeAuthModule instance, so sockets pass through the same token checks as HTTP.
 */
@Module({})
export class RealtimeModule {
  static forRoot(config: GatewayEnv, auth: DynamicModule): DynamicModule {
    const shared = [
      RealtimeMetrics,
      TopicFanout,
      TopicAccess,
      RealtimeAuthenticator,
      ConnectionCapStore,
      ConnectionRegistry,
      SocketIoServer,
      CableServer,
    ];
    return {
      module: RealtimeModule,
      imports: [auth],
      providers: [
        { provide: REALTIME_OPTIONS, useValue: realtimeOptions(config) },
        ...shared,
        ...presenceProviders(config),
        SocketIoPresence,
        UnknownUpgrades,
        MembershipEnds,
      ],
      exports: [REALTIME_OPTIONS, ...shared, PresenceService],
    };
  }
}
