import type { PartyAutocompleteView, PartyLiteView, PartyView } from '@shotcaller/contracts';
import {
  characterLink,
  factionFields,
  junctureLink,
  recordFields,
  toCharacterLiteView,
  toVehicleLiteView,
  vehicleLink,
  type CharacterLiteRow,
  type Pictured,
  type RecordRow,
  type VehicleLiteRow,
} from '../shared/record.serializer.js';
import { imageUrl } from '../shared/image-urls.js';

interface PartyOwnRow extends RecordRow {
  campaignId: string;
  factionId: string | null;
  faction: Pictured | null;
  junctureId: string | null;
  juncture: Pictured | null;
}

/** A party row of the index (see party.queries.ts). */
export interface PartyRow extends PartyOwnRow {
  characters: Pictured[];
  vehicles: Pictured[];
}

/** A party row of the record read: its members in full. */
export interface PartyRecordRow extends PartyOwnRow {
  characters: CharacterLiteRow[];
  vehicles: VehicleLiteRow[];
}

export function toPartyAutocompleteView({ id, name, imageId }: Pictured): PartyAutocompleteView {
  return { id, name, image_url: imageUrl(imageId), entity_class: 'Party' };
}

function ownFields(row: PartyOwnRow) {
  return {
    ...recordFields(row, 'Party'),
    ...factionFields(row),
    juncture_id: row.junctureId,
    juncture: row.juncture ? junctureLink(row.juncture) : null,
  };
}

export function toPartyLiteView(row: PartyRow): PartyLiteView {
  return {
    ...ownFields(row),
    characters: row.characters.map(characterLink),
    vehicles: row.vehicles.map(vehicleLink),
  };
}

/** The party with its characters and vehicles. */
export function toPartyView(row: PartyRecordRow): PartyView {
  const characters = row.characters.map(toCharacterLiteView);
  const vehicles = row.vehicles.map(toVehicleLiteView);
  return {
    ...ownFields(row),
    characters,
    vehicles,
    character_ids: characters.map(({ id }) => id),
    vehicle_ids: vehicles.map(({ id }) => id),
    campaign_id: row.campaignId,
  };
}
