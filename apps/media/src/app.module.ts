import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { actorTokensFrom, backendServiceModule } from '@shotcaller/messaging';
import { PersistenceModule, postgresReadiness, type PersistenceOptions } from '@shotcaller/persistence';
import type { MediaEnv } from './config.js';
import { mediaMigrations } from './migrations/index.js';
import { StorageDirectory, StorageModule, storageReadiness } from './storage/storage-directory.js';

/** The media database's entities (none yet): they declare what its migrations create. */
export const mediaEntities: PersistenceOptions['entities'] = [];

/** Image storage and transformation. Connected to its database and storage; features arrive with the media issue. */
@Module({})
export class MediaAppModule {
  static forRoot(config: MediaEnv): DynamicModule {
    return backendServiceModule(MediaAppModule, {
      service: 'media',
      config,
      actorTokens: actorTokensFrom(config),
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          entities: mediaEntities,
          migrations: mediaMigrations,
        }),
        StorageModule.forRoot(config.MEDIA_STORAGE_DIR),
      ],
      readiness: {
        inject: [MikroORM, StorageDirectory],
        checks: (indicators: HealthIndicatorService, orm: MikroORM, storage: StorageDirectory) => [
          postgresReadiness(indicators, orm),
          storageReadiness(indicators, storage),
        ],
      },
    });
  }
}
