import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { actorTokensFrom, backendServiceModule } from '@shotcaller/messaging';
import {
  PersistenceModule,
  postgresReadiness,
  RedisModule,
  redisReadiness,
  type PersistenceOptions,
} from '@shotcaller/persistence';
import type { LocationEnv } from './config.js';
import { LocationHealthController } from './health/location-health.controller.js';
import { LOCATION_SETTINGS, locationSettings } from './location.settings.js';
import { LiveLocations } from './locations/live-locations.store.js';
import { LocationsService } from './locations/locations.service.js';
import { locationMigrations } from './migrations/index.js';
import { LocationParticipantSchema } from './participants/location-participant.entity.js';
import { ParticipantTokens } from './participants/participant-tokens.js';
import { LocationSessionSchema } from './sessions/location-session.entity.js';
import { LocationSessionsHandlers } from './sessions/location-sessions.handlers.js';
import { LocationSessionsService } from './sessions/location-sessions.service.js';
import { LocationSweepTimer } from './sessions/location-sweep.timer.js';

/** The location database's entities: they declare what its migrations create. */
export const locationEntities: PersistenceOptions['entities'] = [
  LocationSessionSchema,
  LocationParticipantSchema,
];

/**
 * Anonymous location sharing: sessions and participants in PostgreSQL, live positions in Redis, participant
 * tokens signed with this service's own key, and the sweep that ends expired and idle sessions.
 */
@Module({})
export class LocationAppModule {
  static forRoot(config: LocationEnv): DynamicModule {
    return backendServiceModule(LocationAppModule, {
      service: 'realtime-location',
      config,
      actorTokens: actorTokensFrom(config),
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          entities: locationEntities,
          migrations: locationMigrations,
        }),
        RedisModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX }),
      ],
      controllers: [LocationSessionsHandlers, LocationHealthController],
      providers: [
        { provide: LOCATION_SETTINGS, useValue: locationSettings(config) },
        ParticipantTokens,
        LiveLocations,
        LocationSessionsService,
        LocationsService,
        LocationSweepTimer,
      ],
      readiness: {
        inject: [MikroORM, Redis],
        checks: (indicators: HealthIndicatorService, orm: MikroORM, redis: Redis) => [
          postgresReadiness(indicators, orm),
          redisReadiness(indicators, redis),
        ],
      },
    });
  }
}
