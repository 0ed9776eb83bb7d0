import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { actorTokensFrom, backendServiceModule } from '@shotcaller/messaging';
import { PersistenceModule, postgresReadiness, type PersistenceOptions } from '@shotcaller/persistence';
import type { MediaEnv } from './config.js';
import { ImageSchema } from './images/image.entity.js';
import { ImagesHandlers } from './images/images.handlers.js';
import { ImagesService } from './images/images.service.js';
import { MEDIA_SETTINGS, mediaSettings } from './media.settings.js';
import { mediaMigrations } from './migrations/index.js';
import { FilesystemImageStorage } from './storage/filesystem-storage.js';
import { ImageStorage } from './storage/image-storage.js';
import { StorageDirectory, StorageModule, storageReadiness } from './storage/storage-directory.js';
import { UploadsController } from './uploads/uploads.controller.js';
import { UploadsService } from './uploads/uploads.service.js';

/** The media database's entities: they declare what its migrations create. */
export const mediaEntities: PersistenceOptions['entities'] = [ImageSchema];

/**
 * Image storage: uploads and originals over its own HTTP port (the gateway's only), attaching images to records
 * and deleting those no record uses over NATS. Transformations and the S3 backend come later.
 */
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
      controllers: [UploadsController, ImagesHandlers],
      providers: [
        { provide: MEDIA_SETTINGS, useValue: mediaSettings(config) },
        {
          provide: ImageStorage,
          inject: [StorageDirectory],
          useFactory: (directory: StorageDirectory) => FilesystemImageStorage.open(directory),
        },
        UploadsService,
        ImagesService,
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
