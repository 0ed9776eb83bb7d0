import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { PartialDto } from '../input-rules.js';
import { CreateRecordPayload, RecordBody, UpdateRecordPayload } from '../records/record-shapes.js';
import {
  ChoiceFilter,
  LinkFilter,
  OptionalFlag,
  OptionalLink,
  OptionalLinks,
  OptionalText,
  RECORD_DESCRIPTION_MAX,
  RecordIndexQuery,
  RecordName,
} from '../characters/record-rules.js';

/**
 * The writable fields of a site. Client: the site forms (src/components/sites), `defaultSite`
 * (src/types/defaults.ts).
 */
export class SiteFieldsDto {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_DESCRIPTION_MAX })
  @OptionalText(RECORD_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalFlag()
  active?: boolean;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalLink()
  faction_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalLink()
  juncture_id?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Attuned characters, the complete list' })
  @OptionalLinks()
  character_ids?: string[];
}

export class SiteChangesDto extends PartialDto(SiteFieldsDto) {}

/** Fields of the site's representation the client sends back: accepted and ignored. */
export class SiteRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() campaign_id?: unknown;
  @Allow() notion_page_id?: unknown;
  @Allow() last_synced_to_notion_at?: unknown;
  @Allow() faction?: unknown;
  @Allow() juncture?: unknown;
  @Allow() characters?: unknown;
  @Allow() secret?: unknown;
  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreateSiteInput extends IntersectionType(SiteFieldsDto, SiteRepresentationFields) {}
export class UpdateSiteInput extends IntersectionType(SiteChangesDto, SiteRepresentationFields) {}

export const SITE_SORTS = ['name', 'created_at', 'updated_at'] as const;

/** `GET /api/v2/sites`. Client: src/app/(main)/sites/page.tsx, filterConfigs.Site (faction). */
export class SitesIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: SITE_SORTS, description: 'Default created_at' })
  @ChoiceFilter(SITE_SORTS)
  sort?: (typeof SITE_SORTS)[number];

  @ApiPropertyOptional({ description: 'A faction id, or __NONE__' })
  @LinkFilter()
  faction_id?: string;

  @ApiPropertyOptional({ description: 'A juncture id, or __NONE__' })
  @LinkFilter()
  juncture_id?: string;

  @ApiPropertyOptional({ description: 'Sites this character is attuned to' })
  @LinkFilter()
  character_id?: string;
}

/** `POST /api/v2/sites` (multipart `site` JSON string, decoded upstream, or JSON). */
export class CreateSiteBody extends RecordBody('site', CreateSiteInput, SiteFieldsDto) {}

/** `PATCH /api/v2/sites/:id`. */
export class UpdateSiteBody extends RecordBody('site', UpdateSiteInput, SiteChangesDto) {}

export class CreateSitePayload extends CreateRecordPayload('site', SiteFieldsDto) {}
export class UpdateSitePayload extends UpdateRecordPayload('site', SiteChangesDto) {}
