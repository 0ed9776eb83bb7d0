import type { SchtickAutocompleteView, SchtickLiteView, SchtickView } from '@shotcaller/contracts';
import { imagePositions, type Named, type Pictured, type Stamped } from '../shared/record.serializer.js';
import { imageUrl } from '../shared/image-urls.js';

/** A schtick as a list reads it (see schtick.queries.ts). */
export interface SchtickRow extends Named, Stamped {
  campaignId: string;
  description: string | null;
  category: string | null;
  path: string | null;
  color: string | null;
  prerequisiteId: string | null;
  active: boolean;
}

/** A schtick as its record read has it: with its own settings and its prerequisite. */
export interface SchtickRecordRow extends SchtickRow {
  bonus: boolean;
  archetypes: string[];
  prerequisite: Pictured | null;
}

export function toSchtickAutocompleteView({ id, name, imageId }: Pictured): SchtickAutocompleteView {
  return { id, name, image_url: imageUrl(imageId), entity_class: 'Schtick' };
}

export function toSchtickLiteView(row: SchtickRow): SchtickLiteView {
  return {
    id: row.id,
    name: row.name,
    entity_class: 'Schtick',
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    category: row.category,
    path: row.path,
    color: row.color,
    prerequisite_id: row.prerequisiteId,
    active: row.active,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function toSchtickView(row: SchtickRecordRow): SchtickView {
  return {
    ...toSchtickLiteView(row),
    bonus: row.bonus,
    archetypes: row.archetypes,
    campaign_id: row.campaignId,
    prerequisite: row.prerequisite && toSchtickAutocompleteView(row.prerequisite),
  };
}
