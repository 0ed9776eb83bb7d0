import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  Allow,
  IsDefined,
  IsUUID,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { Optional, PartialDto } from '../input-rules.js';
import { Messages } from '../validation.js';
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
 * The writable fields of a party. Client: the party forms (src/components/parties), `defaultParty`
 * (src/types/defaults.ts).
 */
export class PartyFieldsDto {
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

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  character_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  vehicle_ids?: string[];
}

export class PartyChangesDto extends PartialDto(PartyFieldsDto) {}

/** Fields of the party's representation the client sends back: accepted and ignored. */
export class PartyRepresentationFields {
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
  @Allow() vehicles?: unknown;
  @Allow() secret?: unknown;
  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreatePartyInput extends IntersectionType(PartyFieldsDto, PartyRepresentationFields) {}
export class UpdatePartyInput extends IntersectionType(PartyChangesDto, PartyRepresentationFields) {}

export const PARTY_SORTS = ['name', 'created_at', 'updated_at'] as const;

/** `GET /api/v2/parties`. Client: src/app/(main)/parties/page.tsx, filterConfigs.Party (faction). */
export class PartiesIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: PARTY_SORTS, description: 'Default created_at' })
  @ChoiceFilter(PARTY_SORTS)
  sort?: (typeof PARTY_SORTS)[number];

  @ApiPropertyOptional({ description: 'A faction id, or __NONE__' })
  @LinkFilter()
  faction_id?: string;

  @ApiPropertyOptional({ description: 'A juncture id, or __NONE__' })
  @LinkFilter()
  juncture_id?: string;

  @ApiPropertyOptional({ description: 'Parties this character belongs to' })
  @LinkFilter()
  character_id?: string;

  @ApiPropertyOptional({ description: 'Parties this vehicle belongs to' })
  @LinkFilter()
  vehicle_id?: string;
}

/** A vehicle member cannot come with a character member: one per request. */
function AloneWith(other: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'aloneWith',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `must not be sent with ${other}` },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          (args.object as Record<string, unknown>)[other] === undefined,
      },
    });
}

/**
 * `POST /api/v2/parties/:id/members`: add one character or one vehicle (partyClient.addCharacterToParty /
 * addVehicleToParty send `{character_id}` or `{vehicle_id}`).
 */
export class PartyMemberBody {
  @ApiPropertyOptional({ format: 'uuid', description: 'Required unless vehicle_id is sent' })
  @ValidateIf((body: PartyMemberBody) => body.vehicle_id === undefined || body.character_id !== undefined)
  @IsDefined({ message: 'must name a character or a vehicle' })
  @IsUUID('all', { message: Messages.invalid })
  character_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: Messages.invalid })
  @AloneWith('character_id')
  vehicle_id?: string;
}

/** NATS payload of `campaign.parties.add_member`: the party's id and its new member (see PartyMemberBody). */
export class AddPartyMemberPayload extends PartyMemberBody {
  @IsUUID()
  id: string;
}

/**
 * `DELETE /api/v2/parties/:id/members/:member_id` as a NATS payload: the party's id and its member's, either the
 * membership's (the client's `removeCharacterFromParty(party, membershipId)`) or the member character's or vehicle's
 * (what the party's `character_ids` / `vehicle_ids` show).
 */
export class RemovePartyMemberPayload {
  @IsUUID()
  id: string;

  @IsUUID()
  member_id: string;
}

/** `POST /api/v2/parties` (multipart `party` JSON string, decoded upstream, or JSON). */
export class CreatePartyBody extends RecordBody('party', CreatePartyInput, PartyFieldsDto) {}

/** `PATCH /api/v2/parties/:id`. */
export class UpdatePartyBody extends RecordBody('party', UpdatePartyInput, PartyChangesDto) {}

export class CreatePartyPayload extends CreateRecordPayload('party', PartyFieldsDto) {}
export class UpdatePartyPayload extends UpdateRecordPayload('party', PartyChangesDto) {}
