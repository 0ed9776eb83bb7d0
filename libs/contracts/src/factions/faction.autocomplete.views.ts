import { ApiProperty } from '@nestjs/swagger';

/**
 * `?autocomplete=true`: the minimum a picker needs. Client: src/lib/client/factionClient.ts getFactions with
 * autocomplete; FactionLink (badges). Also the link a record holds to its faction.
 */
export class FactionAutocompleteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ enum: ['Faction'] }) entity_class: 'Faction';
}
