import { ApiProperty } from '@nestjs/swagger';

/**
 * `?autocomplete=true`: the minimum a picker needs. Client: src/lib/client/weaponClient.ts getWeapons with
 * autocomplete.
 */
export class WeaponAutocompleteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ enum: ['Weapon'] }) entity_class: 'Weapon';
}
