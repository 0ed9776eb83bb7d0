import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { DependencyUnreachable } from '@shotcaller/observability';

/** The directory the filesystem storage writes to, created at boot and checked writable. */
export class StorageDirectory {
  constructor(readonly path: string) {}

  static async open(path: string): Promise<StorageDirectory> {
    const absolute = resolve(path);
    try {
      await mkdir(absolute, { recursive: true });
      await access(absolute, constants.W_OK);
    } catch (error) {
      throw new DependencyUnreachable('Media storage directory', absolute, error);
    }
    return new StorageDirectory(absolute);
  }
}

@Module({})
export class StorageModule {
  static forRoot(path: string): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [{ provide: StorageDirectory, useFactory: () => StorageDirectory.open(path) }],
      exports: [StorageDirectory],
    };
  }
}

/** Readiness of the storage directory: still there and writable. */
export function storageReadiness(indicators: HealthIndicatorService, storage: StorageDirectory) {
  return () =>
    indicators
      .check('storage')
      .attempt(async () => {
        await access(storage.path, constants.W_OK);
        return { path: storage.path };
      })
      .withTimeout(2000);
}
