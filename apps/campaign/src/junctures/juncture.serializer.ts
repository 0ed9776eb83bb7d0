import type { JunctureAutocompleteView, JunctureLiteView, JunctureView } from '@shotcaller/contracts';
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

interface JunctureOwnRow extends RecordRow {
  factionId: string | null;
  faction: Pictured | null;
}

/** A juncture row of the index (see juncture.queries.ts). */
export interface JunctureRow extends JunctureOwnRow {
  characters: Pictured[];
}

/** A juncture row of the record read: its characters in full. */
export interface JunctureRecordRow extends JunctureOwnRow {
  characters: CharacterLiteRow[];
}

export function toJunctureAutocompleteView(row: Pictured): JunctureAutocompleteView {
  return junctureLink(row);
}

function ownFields(row: JunctureOwnRow) {
  return { ...recordFields(row, 'Juncture'), ...factionFields(row) };
}

export function toJunctureLiteView(row: JunctureRow): JunctureLiteView {
  return { ...ownFields(row), characters: row.characters.map(characterLink) };
}

/**
 * The juncture with its characters. Vehicles have no juncture in this schema: `vehicles` and `vehicle_ids` are
 * always empty.
 */
export function toJunctureView(row: JunctureRecordRow): JunctureView {
  const characters = row.characters.map(toCharacterLiteView);
  return {
    ...ownFields(row),
    characters,
    vehicles: [],
    character_ids: characters.map(({ id }) => id),
    vehicle_ids: [],
    notion_page_id: null,
  };
}
