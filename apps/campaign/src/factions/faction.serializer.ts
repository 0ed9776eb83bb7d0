import type {
  CharacterLiteView,
  FactionAutocompleteView,
  FactionLiteView,
  FactionView,
  JunctureLiteView,
  PartyLiteView,
  SiteLiteView,
  ValueMap,
  VehicleLiteView,
} from '@shotcaller/contracts';
import {
  characterLink,
  factionLink,
  imagePositions,
  junctureLink,
  toCharacterLiteView,
  vehicleLink,
  type CharacterLiteRow,
  type Named,
  type Pictured,
  type Stamped,
} from '../shared/record.serializer.js';
import { imageUrl } from '../shared/image-urls.js';

/** A faction row of the index (see faction.queries.ts). */
export interface FactionRow extends Named, Stamped {
  description: string | null;
  active: boolean;
  characters: Pictured[];
  vehicles: Pictured[];
  junctures: Pictured[];
}

/** A faction row of the record read: its members in full. */
export interface FactionRecordRow extends Named, Stamped {
  description: string | null;
  active: boolean;
  characters: CharacterLiteRow[];
  vehicles: (Named &
    Stamped & { active: boolean; userId: string | null; actionValues: ValueMap; description: ValueMap })[];
  junctures: (Named & Stamped & { description: string | null; active: boolean; characters: Pictured[] })[];
  sites: (Named &
    Stamped & {
      description: string | null;
      active: boolean;
      junctureId: string | null;
      characters: Pictured[];
    })[];
  parties: (Named &
    Stamped & {
      description: string | null;
      active: boolean;
      junctureId: string | null;
      juncture: Pictured | null;
      characters: Pictured[];
      vehicles: Pictured[];
    })[];
}

export function toFactionAutocompleteView(row: Pictured): FactionAutocompleteView {
  return factionLink(row);
}

export function toFactionLiteView(row: FactionRow): FactionLiteView {
  return {
    id: row.id,
    name: row.name,
    entity_class: 'Faction',
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    active: row.active,
    characters: row.characters.map(characterLink),
    vehicles: row.vehicles.map(vehicleLink),
    junctures: row.junctures.map(junctureLink),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** The faction with its members; each member's `faction` is this one. */
export function toFactionView(row: FactionRecordRow): FactionView {
  const faction = toFactionAutocompleteView(row);
  const belongs = { faction_id: row.id, faction };
  const characters: CharacterLiteView[] = row.characters.map((character) => ({
    ...toCharacterLiteView(character),
    ...belongs,
  }));
  const vehicles: VehicleLiteView[] = row.vehicles.map((vehicle) => ({
    id: vehicle.id,
    name: vehicle.name,
    entity_class: 'Vehicle',
    category: 'vehicle',
    image_url: imageUrl(vehicle.imageId),
    image_positions: imagePositions(vehicle.imagePositions),
    active: vehicle.active,
    ...belongs,
    juncture_id: null,
    user_id: vehicle.userId,
    action_values: vehicle.actionValues,
    description: vehicle.description,
    created_at: vehicle.createdAt,
    updated_at: vehicle.updatedAt,
  }));
  const junctures: JunctureLiteView[] = row.junctures.map((juncture) => ({
    id: juncture.id,
    name: juncture.name,
    entity_class: 'Juncture',
    image_url: imageUrl(juncture.imageId),
    image_positions: imagePositions(juncture.imagePositions),
    description: juncture.description,
    active: juncture.active,
    ...belongs,
    characters: juncture.characters.map(characterLink),
    created_at: juncture.createdAt,
    updated_at: juncture.updatedAt,
  }));
  const sites: SiteLiteView[] = row.sites.map((site) => ({
    id: site.id,
    name: site.name,
    entity_class: 'Site',
    image_url: imageUrl(site.imageId),
    image_positions: imagePositions(site.imagePositions),
    description: site.description,
    active: site.active,
    ...belongs,
    juncture_id: site.junctureId,
    characters: site.characters.map(characterLink),
    created_at: site.createdAt,
    updated_at: site.updatedAt,
  }));
  const parties: PartyLiteView[] = row.parties.map((party) => ({
    id: party.id,
    name: party.name,
    entity_class: 'Party',
    image_url: imageUrl(party.imageId),
    image_positions: imagePositions(party.imagePositions),
    description: party.description,
    active: party.active,
    ...belongs,
    juncture_id: party.junctureId,
    juncture: party.juncture ? junctureLink(party.juncture) : null,
    characters: party.characters.map(characterLink),
    vehicles: party.vehicles.map(vehicleLink),
    created_at: party.createdAt,
    updated_at: party.updatedAt,
  }));
  return {
    id: row.id,
    name: row.name,
    entity_class: 'Faction',
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    active: row.active,
    characters,
    vehicles,
    junctures,
    parties,
    sites,
    character_ids: characters.map(({ id }) => id),
    vehicle_ids: vehicles.map(({ id }) => id),
    juncture_ids: junctures.map(({ id }) => id),
    party_ids: parties.map(({ id }) => id),
    site_ids: sites.map(({ id }) => id),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
