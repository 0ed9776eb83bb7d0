import type { ImageEntityType } from '@shotcaller/contracts';

/** The table of each kind of record that carries an image (its `image_id`, the media service's image). */
export const IMAGE_TABLES = {
  Character: 'characters',
  Vehicle: 'vehicles',
  Weapon: 'weapons',
  Schtick: 'schticks',
  Faction: 'factions',
  Juncture: 'junctures',
  Site: 'sites',
  Party: 'parties',
  Fight: 'fights',
} as const satisfies Record<ImageEntityType, string>;

export type ImageTable = (typeof IMAGE_TABLES)[ImageEntityType];

/**
 * The index of a table's image ids, by which the records naming an image are found: the media service's cleanup
 * asks which images are still referenced, and a deleted image is dropped.
 */
export function imageIdIndex(table: ImageTable): { name: string; properties: ['imageId'] } {
  return { name: `${table}_image_index`, properties: ['imageId'] };
}
