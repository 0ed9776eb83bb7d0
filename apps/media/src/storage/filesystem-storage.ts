import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImageStorage, type StagedObject } from './image-storage.js';
import { shardedPath, STAGING_DIRECTORY } from './object-keys.js';
import type { StorageDirectory } from './storage-directory.js';

/**
 * Images as files under MEDIA_STORAGE_DIR, sharded by id. An upload is written to a file in the staging directory
 * (inside the storage directory, so on the same filesystem) and renamed into place once accepted: a reader never
 * sees a partial file, and a refused upload is one unlink away from gone.
 */
export class FilesystemImageStorage extends ImageStorage {
  private constructor(
    private readonly directory: StorageDirectory,
    private readonly staging: string,
  ) {
    super();
  }

  /** The storage in `directory`, its staging directory made. */
  static async open(directory: StorageDirectory): Promise<FilesystemImageStorage> {
    const staging = join(directory.path, STAGING_DIRECTORY);
    await mkdir(staging, { recursive: true });
    return new FilesystemImageStorage(directory, staging);
  }

  override async stage(source: Readable): Promise<StagedObject> {
    const localPath = join(this.staging, `${randomUUID()}.upload`);
    const discard = () => rm(localPath, { force: true });
    try {
      // Consuming `source` from this call on, before any await: its errors always have a listener.
      await pipeline(source, createWriteStream(localPath, { flags: 'wx', mode: 0o640 }));
    } catch (error) {
      await discard();
      throw error;
    }
    return {
      localPath,
      discard,
      commit: async (key) => {
        const path = this.pathOf(key);
        await mkdir(join(path, '..'), { recursive: true });
        await rename(localPath, path);
      },
    };
  }

  override async read(key: string): Promise<Readable | undefined> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  override async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /**
   * Removes staged uploads older than `olderThanMs`: those a crash left behind (a live upload is a few seconds
   * old). Answers how many it removed.
   */
  override async removeStaleStaging(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.staging);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.staging, name);
      try {
        if ((await stat(path)).mtimeMs < now - olderThanMs) {
          await rm(path, { force: true });
          removed += 1;
        }
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return removed;
  }

  private pathOf(key: string): string {
    return join(this.directory.path, ...shardedPath(key));
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOENT';
}
