import { ApiProperty } from '@nestjs/swagger';

/**
 * `?autocomplete=true`: the minimum a picker needs. Client: src/lib/client/siteClient.ts getSites with
 * autocomplete.
 */
export class SiteAutocompleteView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'null until the media service serves images' })
  image_url: string | null;
  @ApiProperty({ enum: ['Site'] }) entity_class: 'Site';
}
