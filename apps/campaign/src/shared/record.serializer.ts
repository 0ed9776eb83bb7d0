import type {
  CharacterAutocompleteView,
  CharacterLiteView,
  FactionAutocompleteView,
  ImagePositionContext,
  ImagePositionView,
  JunctureAutocompleteView,
  ValueMap,
  VehicleAutocompleteView,
  VehicleLiteView,
} from '@shotcaller/contracts';
import { imageUrl } from './image-urls.js';

/** A record's id and name, as a read query nests it. */
export interface Named {
  id: string;
  name: string;
}

/** A record that may have an image: its id and name, and its image's id (see image-urls.ts). */
export interface Pictured extends Named {
  imageId: string | null;
}

export interface ImagePositionRow {
  id: string;
  context: string;
  x_position: number;
  y_position: number;
  style_overrides: Record<string, string | number>;
}

export interface Stamped {
  imageId: string | null;
  createdAt: string;
  updatedAt: string;
  imagePositions: ImagePositionRow[];
}

/** A character as `characterLitesOf` reads it (see campaign-scope.queries.ts). */
export interface CharacterLiteRow extends Named, Stamped {
  active: boolean;
  isTemplate: boolean;
  factionId: string | null;
  faction: Pictured | null;
  junctureId: string | null;
  userId: string | null;
  actionValues: ValueMap;
  description: ValueMap;
}

/** A vehicle as `vehicleLitesOfParty` reads it. */
export interface VehicleLiteRow extends Named, Stamped {
  active: boolean;
  factionId: string | null;
  /** Read by vehicleLiteColumns; absent where a read leaves it out. */
  junctureId?: string | null;
  faction: Pictured | null;
  userId: string | null;
  actionValues: ValueMap;
  description: ValueMap;
}

export function toVehicleLiteView(vehicle: VehicleLiteRow): VehicleLiteView {
  return {
    id: vehicle.id,
    name: vehicle.name,
    entity_class: 'Vehicle',
    category: 'vehicle',
    image_url: imageUrl(vehicle.imageId),
    image_positions: imagePositions(vehicle.imagePositions),
    active: vehicle.active,
    faction_id: vehicle.factionId,
    faction: vehicle.faction ? factionLink(vehicle.faction) : null,
    juncture_id: vehicle.junctureId ?? null,
    user_id: vehicle.userId,
    action_values: vehicle.actionValues,
    description: vehicle.description,
    created_at: vehicle.createdAt,
    updated_at: vehicle.updatedAt,
  };
}

export function imagePositions(rows: ImagePositionRow[]): ImagePositionView[] {
  return rows.map((row) => ({ ...row, context: row.context as ImagePositionContext }));
}

export const characterLink = ({ id, name, imageId }: Pictured): CharacterAutocompleteView => ({
  id,
  name,
  image_url: imageUrl(imageId),
  entity_class: 'Character',
});
export const vehicleLink = ({ id, name, imageId }: Pictured): VehicleAutocompleteView => ({
  id,
  name,
  image_url: imageUrl(imageId),
  entity_class: 'Vehicle',
});
export const junctureLink = ({ id, name, imageId }: Pictured): JunctureAutocompleteView => ({
  id,
  name,
  image_url: imageUrl(imageId),
  entity_class: 'Juncture',
});
export const factionLink = ({ id, name, imageId }: Pictured): FactionAutocompleteView => ({
  id,
  name,
  image_url: imageUrl(imageId),
  entity_class: 'Faction',
});

export function toCharacterLiteView(character: CharacterLiteRow): CharacterLiteView {
  return {
    id: character.id,
    name: character.name,
    entity_class: 'Character',
    category: 'character',
    image_url: imageUrl(character.imageId),
    image_positions: imagePositions(character.imagePositions),
    active: character.active,
    is_template: character.isTemplate,
    faction_id: character.factionId,
    faction: character.faction ? factionLink(character.faction) : null,
    juncture_id: character.junctureId,
    user_id: character.userId,
    action_values: character.actionValues,
    description: character.description,
    created_at: character.createdAt,
    updated_at: character.updatedAt,
  };
}

/** A named record's own columns, as `recordColumns` reads them (see record-index.queries.ts). */
export interface RecordRow extends Named, Stamped {
  description: string | null;
  active: boolean;
}

/** The fields every named record's view has. */
export function recordFields<C extends 'Faction' | 'Juncture' | 'Site' | 'Party'>(
  row: RecordRow,
  entityClass: C,
) {
  return {
    id: row.id,
    name: row.name,
    entity_class: entityClass,
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    active: row.active,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** A record's faction, as its view has it. */
export function factionFields(row: { factionId: string | null; faction: Pictured | null }) {
  return { faction_id: row.factionId, faction: row.faction ? factionLink(row.faction) : null };
}
