import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsDefined, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { PartialDto } from '../input-rules.js';
import { Messages } from '../validation.js';
import {
  ChoiceFilter,
  FlagFilter,
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

/** `POST /api/v2/factions` (multipart `faction` JSON string, decoded upstream, or JSON). */
export class CreateFactionBody {
  @ApiProperty({ type: FactionFieldsDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => CreateFactionInput)
  faction: CreateFactionInput;
}

/** `PATCH /api/v2/factions/:id`. */
export class UpdateFactionBody {
  @ApiProperty({ type: FactionChangesDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => UpdateFactionInput)
  faction: UpdateFactionInput;
}

export const FACTION_SORTS = ['name', 'created_at', 'updated_at'] as const;

/** `GET /api/v2/factions`. Client: src/app/(main)/factions/page.tsx, filterConfigs.Faction. */
export class FactionsIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: FACTION_SORTS, description: 'Default created_at' })
  @ChoiceFilter(FACTION_SORTS)
  sort?: (typeof FACTION_SORTS)[number];
}

/** `DELETE /api/v2/factions/:id?force=true`: remove the links of the records that belong to it, then delete it. */
export class DeleteFactionQuery {
  @ApiPropertyOptional({ description: 'Unlink its characters, vehicles, junctures, sites and parties first' })
  @FlagFilter()
  force?: boolean;
}

/** NATS payload naming one faction of the current campaign (get). */
export class FactionIdPayload {
  @IsUUID()
  id: string;
}

/** NATS payload of `campaign.factions.delete`. */
export class DeleteFactionPayload extends DeleteFactionQuery {
  @IsUUID()
  id: string;
}

/** NATS payload of `campaign.factions.create`: the writable fields (the gateway drops the representation's). */
export class CreateFactionPayload {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => FactionFieldsDto)
  faction: FactionFieldsDto;
}

/** NATS payload of `campaign.factions.update`. */
export class UpdateFactionPayload {
  @IsUUID()
  id: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => FactionChangesDto)
  faction: FactionChangesDto;
}
