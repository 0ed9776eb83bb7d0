import type { SiteAutocompleteView, SiteLiteView, SiteView } from '@shotcaller/contracts';
import {
  characterLink,
  factionFields,
  junctureLink,
  recordFields,
  toCharacterLiteView,
  type CharacterLiteRow,
  type Pictured,
  type RecordRow,
} from '../shared/record.serializer.js';
import { imageUrl } from '../shared/image-urls.js';

interface SiteOwnRow extends RecordRow {
  campaignId: string;
  factionId: string | null;
  faction: Pictured | null;
  junctureId: string | null;
  juncture: Pictured | null;
}

/** A site row of the index (see site.queries.ts). */
export interface SiteRow extends SiteOwnRow {
  characters: Pictured[];
}

/** A site row of the record read: its attuned characters in full. */
export interface SiteRecordRow extends SiteOwnRow {
  characters: CharacterLiteRow[];
}

export function toSiteAutocompleteView({ id, name, imageId }: Pictured): SiteAutocompleteView {
  return { id, name, image_url: imageUrl(imageId), entity_class: 'Site' };
}

function ownFields(row: SiteOwnRow) {
  return { ...recordFields(row, 'Site'), ...factionFields(row), juncture_id: row.junctureId };
}

export function toSiteLiteView(row: SiteRow): SiteLiteView {
  return { ...ownFields(row), characters: row.characters.map(characterLink) };
}

/** The site with its juncture and the characters attuned to it. */
export function toSiteView(row: SiteRecordRow): SiteView {
  const characters = row.characters.map(toCharacterLiteView);
  return {
    ...ownFields(row),
    characters,
    juncture: row.juncture ? junctureLink(row.juncture) : null,
    character_ids: characters.map(({ id }) => id),
    campaign_id: row.campaignId,
  };
}
