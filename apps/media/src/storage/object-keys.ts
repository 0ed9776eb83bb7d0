const IMAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where an object lives under the storage root: sharded by the first four hex digits of its id
 * (`ab/cd/abcd1234-...`), so no directory holds more than a few thousand files. Only a lowercase UUID is a key:
 * nothing else can name a path.
 */
export function shardedPath(key: string): string[] {
  if (!IMAGE_ID.test(key)) throw new Error('A storage key must be a lowercase UUID');
  return [key.slice(0, 2), key.slice(2, 4), key];
}

/** The directory, under the storage root, where uploads are written before they are accepted. */
export const STAGING_DIRECTORY = '.staging';
