import { ApiProperty } from '@nestjs/swagger';

/**
 * `?autocomplete=true`: the minimum a picker needs. Client: autocomplete lists
 * (src/lib/client/characterClient.ts getCharacters with autocomplete), CharacterLink in badges; Rails
 * CharacterAutocompleteSerializer had no image_url, the spec adds it.
 */
export class CharacterAutocompleteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ enum: ['Character'] }) entity_class: 'Character';
}
