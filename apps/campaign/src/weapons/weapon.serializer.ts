import type { WeaponAutocompleteView, WeaponLiteView, WeaponView } from '@shotcaller/contracts';
import { imagePositions, type Named, type Pictured, type Stamped } from '../shared/record.serializer.js';
import { imageUrl } from '../shared/image-urls.js';

/** A weapon as weapon.queries.ts reads it. */
export interface WeaponRow extends Named, Stamped {
  campaignId: string;
  description: string | null;
  damage: number;
  concealment: number | null;
  reloadValue: number | null;
  juncture: string | null;
  category: string | null;
  mookBonus: number;
  kachunk: boolean;
  active: boolean;
}

export function toWeaponAutocompleteView({ id, name, imageId }: Pictured): WeaponAutocompleteView {
  return { id, name, image_url: imageUrl(imageId), entity_class: 'Weapon' };
}

export function toWeaponLiteView(row: WeaponRow): WeaponLiteView {
  return {
    id: row.id,
    name: row.name,
    entity_class: 'Weapon',
    image_url: imageUrl(row.imageId),
    image_positions: imagePositions(row.imagePositions),
    description: row.description,
    damage: row.damage,
    concealment: row.concealment,
    reload_value: row.reloadValue,
    juncture: row.juncture,
    category: row.category,
    mook_bonus: row.mookBonus,
    kachunk: row.kachunk,
    active: row.active,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function toWeaponView(row: WeaponRow): WeaponView {
  return { ...toWeaponLiteView(row), campaign_id: row.campaignId };
}
