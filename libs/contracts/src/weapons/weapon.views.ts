import { ApiProperty } from '@nestjs/swagger';
import { PaginationMetaView } from '../pagination.js';
import { WeaponAutocompleteView } from './weapon.autocomplete.views.js';
import { WeaponLiteView } from './weapon.lite.views.js';

/** A weapon as show, create and update return it. Client: `Weapon` in src/types/resources.ts. */
export class WeaponView extends WeaponLiteView {
  @ApiProperty({ format: 'uuid' }) campaign_id: string;
}

/** `GET /api/v2/weapons`. Client: `WeaponsResponse` in src/types/responses.ts. */
export class WeaponsIndexView {
  @ApiProperty({
    type: [WeaponLiteView],
    description: 'WeaponAutocompleteView items with ?autocomplete=true',
  })
  weapons: (WeaponLiteView | WeaponAutocompleteView)[];

  @ApiProperty({ type: [String], description: 'Categories of the matching weapons, sorted, blanks left out' })
  categories: string[];

  @ApiProperty({ type: [String], description: 'Junctures (by name) of the matching weapons, sorted' })
  junctures: string[];

  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}

/** `POST /api/v2/weapons/batch`. Client: weaponClient.getWeaponsBatch (reads `weapons`). */
export class WeaponsBatchView {
  @ApiProperty({ type: [WeaponLiteView] }) weapons: WeaponLiteView[];
}

/** `POST /api/v2/weapons/batch` with `{weapons: [...]}`: the weapons created, in the order sent. */
export class WeaponsCreatedView {
  @ApiProperty({ type: [WeaponView] }) weapons: WeaponView[];
}

/** `GET /api/v2/weapons/categories`. Client: weaponClient.getWeaponCategories. */
export class WeaponCategoriesView {
  @ApiProperty({ type: [String] }) categories: string[];
}

/** `GET /api/v2/weapons/junctures`. Client: weaponClient.getWeaponJunctures. */
export class WeaponJuncturesView {
  @ApiProperty({ type: [String] }) junctures: string[];
}
