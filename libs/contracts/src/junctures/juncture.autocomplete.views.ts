import { ApiProperty } from '@nestjs/swagger';

/**
 * `?autocomplete=true`: the minimum a picker needs. Client: src/lib/client/siteClient.ts getJunctures with
 * autocomplete; JunctureLink. Also the link a record holds to its juncture.
 */
export class JunctureAutocompleteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ enum: ['Juncture'] }) entity_class: 'Juncture';
}
