import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { PartialDto } from '../input-rules.js';
import { CreateRecordPayload, RecordBody, UpdateRecordPayload } from '../records/record-shapes.js';
import {
  ChoiceFilter,
  OptionalFlag,
  OptionalLinks,
  OptionalText,
  RECORD_DESCRIPTION_MAX,
  RecordIndexQuery,
  RecordName,
} from '../characters/record-rules.js';

/**
 * The writable fields of a faction. Client: the faction forms (src/components/factions), `defaultFaction`
 * (src/types/defaults.ts) and the member list editors, which send the *_ids back.
 */
export class FactionFieldsDto {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_DESCRIPTION_MAX })
  @OptionalText(RECORD_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalFlag()
  active?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  character_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  vehicle_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  party_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  site_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  juncture_ids?: string[];
}

export class FactionChangesDto extends PartialDto(FactionFieldsDto) {}

/** Fields of the faction's representation the client sends back: accepted and ignored. */
export class FactionRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() campaign_id?: unknown;
  @Allow() notion_page_id?: unknown;
  @Allow() last_synced_to_notion_at?: unknown;
  @Allow() characters?: unknown;
  @Allow() vehicles?: unknown;
  @Allow() parties?: unknown;
  @Allow() sites?: unknown;
  @Allow() junctures?: unknown;
  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreateFactionInput extends IntersectionType(FactionFieldsDto, FactionRepresentationFields) {}
export class UpdateFactionInput extends IntersectionType(FactionChangesDto, FactionRepresentationFields) {}

export const FACTION_SORTS = ['name', 'created_at', 'updated_at'] as const;

/** `GET /api/v2/factions`. Client: src/app/(main)/factions/page.tsx, filterConfigs.Faction. */
export class FactionsIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: FACTION_SORTS, description: 'Default created_at' })
  @ChoiceFilter(FACTION_SORTS)
  sort?: (typeof FACTION_SORTS)[number];
}

/** `POST /api/v2/factions` (multipart `faction` JSON string, decoded upstream, or JSON). */
export class CreateFactionBody extends RecordBody('faction', CreateFactionInput, FactionFieldsDto) {}

/** `PATCH /api/v2/factions/:id`. */
export class UpdateFactionBody extends RecordBody('faction', UpdateFactionInput, FactionChangesDto) {}

export class CreateFactionPayload extends CreateRecordPayload('faction', FactionFieldsDto) {}
export class UpdateFactionPayload extends UpdateRecordPayload('faction', FactionChangesDto) {}
