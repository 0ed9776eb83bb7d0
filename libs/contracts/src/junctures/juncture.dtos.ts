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
 * The writable fields of a juncture. Client: the juncture forms (src/components/junctures), `defaultJuncture`
 * (src/types/defaults.ts).
 */
export class JunctureFieldsDto {
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

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  character_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  vehicle_ids?: string[];
}

export class JunctureChangesDto extends PartialDto(JunctureFieldsDto) {}

/** Fields of the juncture's representation the client sends back: accepted and ignored. */
export class JunctureRepresentationFields {
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
  @Allow() characters?: unknown;
  @Allow() vehicles?: unknown;
  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreateJunctureInput extends IntersectionType(JunctureFieldsDto, JunctureRepresentationFields) {}
export class UpdateJunctureInput extends IntersectionType(JunctureChangesDto, JunctureRepresentationFields) {}

export const JUNCTURE_SORTS = ['name', 'created_at', 'updated_at'] as const;

/** `GET /api/v2/junctures`. Client: src/app/(main)/junctures/page.tsx, filterConfigs.Juncture (faction). */
export class JuncturesIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: JUNCTURE_SORTS, description: 'Default created_at' })
  @ChoiceFilter(JUNCTURE_SORTS)
  sort?: (typeof JUNCTURE_SORTS)[number];

  @ApiPropertyOptional({ description: 'A faction id, or __NONE__' })
  @LinkFilter()
  faction_id?: string;
}

/** `POST /api/v2/junctures` (multipart `juncture` JSON string, decoded upstream, or JSON). */
export class CreateJunctureBody extends RecordBody('juncture', CreateJunctureInput, JunctureFieldsDto) {}

/** `PATCH /api/v2/junctures/:id`. */
export class UpdateJunctureBody extends RecordBody('juncture', UpdateJunctureInput, JunctureChangesDto) {}

export class CreateJuncturePayload extends CreateRecordPayload('juncture', JunctureFieldsDto) {}
export class UpdateJuncturePayload extends UpdateRecordPayload('juncture', JunctureChangesDto) {}
