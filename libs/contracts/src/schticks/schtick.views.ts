import { ApiProperty } from '@nestjs/swagger';
import { PaginationMetaView } from '../pagination.js';
import { SchtickAutocompleteView } from './schtick.autocomplete.views.js';
import { SchtickLiteView } from './schtick.lite.views.js';

/** A schtick as show, create and update return it. Client: `Schtick` in src/types/resources.ts. */
export class SchtickView extends SchtickLiteView {
  @ApiProperty() bonus: boolean;
  @ApiProperty({ type: [String], description: 'Archetypes that start with it' })
  archetypes: string[];
  @ApiProperty({ format: 'uuid' }) campaign_id: string;
  @ApiProperty({
    type: () => SchtickAutocompleteView,
    nullable: true,
    description: 'The schtick this one requires (client reads prerequisite.name)',
  })
  prerequisite: SchtickAutocompleteView | null;
}

/** `GET /api/v2/schticks`. Client: `SchticksResponse` in src/types/responses.ts. */
export class SchticksIndexView {
  @ApiProperty({
    type: [SchtickLiteView],
    description: 'SchtickAutocompleteView items with ?autocomplete=true',
  })
  schticks: (SchtickLiteView | SchtickAutocompleteView)[];

  @ApiProperty({ type: [String], description: 'Categories of the matching schticks' }) categories: string[];
  @ApiProperty({ type: [String], description: 'Paths of the matching schticks' }) paths: string[];
  @ApiProperty({ type: PaginationMetaView }) meta: PaginationMetaView;
}

/** `POST /api/v2/schticks/batch`. Client: schtickClient.getSchticksBatch (reads `schticks`). */
export class SchticksBatchView {
  @ApiProperty({ type: [SchtickLiteView] }) schticks: SchtickLiteView[];
}

/** `POST /api/v2/schticks/batch` with `{schticks: [...]}`: the schticks created, in the order sent. */
export class SchticksCreatedView {
  @ApiProperty({ type: [SchtickView] }) schticks: SchtickView[];
}

/**
 * `GET /api/v2/schticks/categories`. The client types it `{categories}` (schtickClient.getSchtickCategories);
 * Rails
 * answered `{general, core}` (Core-path categories apart). Both are sent.
 */
export class SchtickCategoriesView {
  @ApiProperty({ type: [String], description: 'Every category in use, sorted' }) categories: string[];
  @ApiProperty({ type: [String], description: 'Categories outside the Core path' }) general: string[];
  @ApiProperty({ type: [String], description: 'Categories of the Core path' }) core: string[];
}

/** `GET /api/v2/schticks/paths`. Client: schtickClient.getSchtickPaths. */
export class SchtickPathsView {
  @ApiProperty({ type: [String] }) paths: string[];
}
