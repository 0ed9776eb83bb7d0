import type { ReferencedImagesView } from '@shotcaller/contracts';

/**
 * The ids asked about that the owner's answer does not name: the images no record refers to. An answer that is
 * not a list of ids is no answer (an error, and nothing is deleted); ids it names that were not asked about are
 * ignored.
 */
export function unreferencedIds(asked: readonly string[], answer: unknown): string[] {
  const referenced = (answer as Partial<ReferencedImagesView> | null)?.image_ids;
  if (!Array.isArray(referenced) || !referenced.every((id) => typeof id === 'string')) {
    throw new TypeError('The answer about referenced images is not a list of ids');
  }
  const kept = new Set(referenced.map((id) => id.toLowerCase()));
  return asked.filter((id) => !kept.has(id.toLowerCase()));
}

/** The distinct ids of a list, in their first order, lowercased as PostgreSQL writes UUIDs. */
export function distinctIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
