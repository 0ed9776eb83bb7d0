import type { Readable } from 'node:stream';

/** An upload written where nothing serves it yet: inspected, then accepted under a key or thrown away. */
export interface StagedObject {
  /** A local file holding the bytes, for inspection (type, dimensions) before they are accepted. */
  readonly localPath: string;
  /** Makes the bytes the object stored under `key`. */
  commit(key: string): Promise<void>;
  /** Removes the staged bytes; safe to call more than once, and after a failed commit. */
  discard(): Promise<void>;
}

/**
 * Where image bytes live, behind one small interface: the filesystem now, S3-compatible storage later. Keys are
 * image ids. An upload is staged first and committed only once accepted, so a refused or broken upload leaves
 * nothing behind.
 */
export abstract class ImageStorage {
  /**
   * Writes `source` to a staging place; fails (leaving nothing) when the stream fails. It consumes `source` from
   * the call on (before it first awaits), so the stream's errors are always listened to.
   */
  abstract stage(source: Readable): Promise<StagedObject>;

  /** The bytes stored under `key`, or undefined when there are none. */
  abstract read(key: string): Promise<Readable | undefined>;

  /** Removes what is stored under `key`; nothing there is fine. */
  abstract remove(key: string): Promise<void>;

  /** Removes staged uploads older than `olderThanMs` (left by a crash); answers how many. */
  abstract removeStaleStaging(olderThanMs: number): Promise<number>;
}
