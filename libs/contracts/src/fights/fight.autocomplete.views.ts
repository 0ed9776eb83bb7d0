import { ApiProperty } from '@nestjs/swagger';

/**
 * `?autocomplete=true`: the minimum a picker needs. Client: src/lib/client/fightClient.ts getFights with
 * autocomplete.
 */
export class FightAutocompleteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ enum: ['Fight'] }) entity_class: 'Fight';
}
