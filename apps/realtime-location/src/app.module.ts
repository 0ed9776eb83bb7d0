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
import { locationMigrations } from './migrations/index.js';

/** The location database's entities (none yet): they declare what its migrations create. */
export const locationEntities: PersistenceOptions['entities'] = [];

/**
 * Anonymous location sharing: sessions and participants in PostgreSQL, live positions in Redis. Connected to
 * both; features arrive with the location issue.
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
