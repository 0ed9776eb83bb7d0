import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsDefined, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { Optional, PartialDto } from '../input-rules.js';
import { Messages } from '../validation.js';
import { CreateRecordPayload, RecordBody, UpdateRecordPayload } from '../records/record-shapes.js';
import { CHARACTER_TYPES, type CharacterType } from '../characters/character-values.js';
import {
  ChoiceFilter,
  LinkFilter,
  OptionalChoice,
  OptionalFlag,
  OptionalLink,
  OptionalLinks,
  OptionalText,
  OptionalWholeNumber,
  RECORD_COLOR_MAX,
  RecordIndexQuery,
  RecordName,
  TextFilter,
} from '../characters/record-rules.js';
import {
  IsValueMap,
  VALUE_MAP_INTEGER_MAX,
  WholeNumbersIn,
  type ValueMap,
} from '../characters/value-maps.js';
import {
  CHASE_POSITIONS,
  VEHICLE_ACTION_VALUE_RULES,
  VEHICLE_DESCRIPTION_RULES,
  VEHICLE_INTEGER_ACTION_VALUES,
  type ChasePosition,
} from './vehicle-values.js';

export const VEHICLE_IMPAIRMENTS_MAX = 99;

/**
 * The writable fields of a vehicle. Client: the vehicle forms (src/components/vehicles), which start from
 * `defaultVehicle` (src/types/defaults.ts) and send the record as the multipart field `vehicle`.
 */
export class VehicleFieldsDto {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ default: true })
  @OptionalFlag()
  active?: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalFlag()
  task?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_COLOR_MAX })
  @OptionalText(RECORD_COLOR_MAX)
  color?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: VEHICLE_IMPAIRMENTS_MAX })
  @OptionalWholeNumber(0, VEHICLE_IMPAIRMENTS_MAX)
  impairments?: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalLink()
  faction_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalLink()
  juncture_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OptionalLink()
  user_id?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Merged into the stored values on update. The numeric keys take numbers or their text.',
  })
  @Optional()
  @WholeNumbersIn(VEHICLE_INTEGER_ACTION_VALUES)
  @IsValueMap(VEHICLE_ACTION_VALUE_RULES)
  action_values?: ValueMap;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Text by key' })
  @Optional()
  @IsValueMap(VEHICLE_DESCRIPTION_RULES)
  description?: ValueMap;

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @OptionalLinks()
  party_ids?: string[];
}

export class VehicleChangesDto extends PartialDto(VehicleFieldsDto) {}

/**
 * Fields of the vehicle's representation the client sends back (the whole `defaultVehicle` on create,
 * including a
 * `driver` character and character-only keys such as `skills` and `wealth`): accepted and ignored.
 */
export class VehicleRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() category?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() user?: unknown;
  @Allow() faction?: unknown;
  @Allow() juncture?: unknown;
  @Allow() parties?: unknown;
  @Allow() schticks?: unknown;
  @Allow() weapons?: unknown;
  @Allow() sites?: unknown;
  @Allow() advancements?: unknown;
  @Allow() skills?: unknown;
  @Allow() wealth?: unknown;
  @Allow() campaign_id?: unknown;
  @Allow() notion_page_id?: unknown;
  @Allow() new?: unknown;
  @Allow() current_shot?: unknown;
  @Allow() count?: unknown;
  @Allow() shot_id?: unknown;
  @Allow() location?: unknown;
  @Allow() driver?: unknown;
  @Allow() driver_id?: unknown;
  @Allow() driving?: unknown;
  @Allow() effects?: unknown;
  @Allow() chase_relationships?: unknown;
  @Allow() was_rammed_or_damaged?: unknown;
  @Allow() is_defeated_in_chase?: unknown;
  @Allow() defeat_type?: unknown;
  @Allow() defeat_threshold?: unknown;

  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreateVehicleInput extends IntersectionType(VehicleFieldsDto, VehicleRepresentationFields) {}
export class UpdateVehicleInput extends IntersectionType(VehicleChangesDto, VehicleRepresentationFields) {}

/** `POST /api/v2/vehicles` (multipart `vehicle` JSON string, decoded upstream, or JSON). */
export class CreateVehicleBody extends RecordBody('vehicle', CreateVehicleInput, VehicleFieldsDto) {}

/** `PATCH /api/v2/vehicles/:id`. */
export class UpdateVehicleBody extends RecordBody('vehicle', UpdateVehicleInput, VehicleChangesDto) {}

export class CreateVehiclePayload extends CreateRecordPayload('vehicle', VehicleFieldsDto) {}
export class UpdateVehiclePayload extends UpdateRecordPayload('vehicle', VehicleChangesDto) {}

/** The chase numbers of a vehicle, as the Rails `chase_state` route took them (numbers or their text). */
export class VehicleChaseStateDto {
  @ApiPropertyOptional({ minimum: 0 })
  @OptionalWholeNumber(0, VALUE_MAP_INTEGER_MAX)
  chase_points?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @OptionalWholeNumber(0, VALUE_MAP_INTEGER_MAX)
  condition_points?: number;

  @ApiPropertyOptional({ enum: CHASE_POSITIONS })
  @OptionalChoice(CHASE_POSITIONS)
  position?: ChasePosition;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @OptionalChoice(['true', 'false'])
  pursuer?: 'true' | 'false';
}

/** `PATCH /api/v2/vehicles/:id/chase_state` (the Rails `update_chase_state`). */
export class VehicleChaseStateBody {
  @ApiProperty({ type: VehicleChaseStateDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => VehicleChaseStateDto)
  chase_state: VehicleChaseStateDto;
}

/** NATS payload of `campaign.vehicles.set_chase_state`. */
export class VehicleChaseStatePayload extends VehicleChaseStateBody {
  @IsUUID()
  id: string;
}

export const VEHICLE_SORTS = ['name', 'type', 'archetype', 'created_at', 'updated_at'] as const;

/**
 * `GET /api/v2/vehicles`. Client: src/app/(main)/vehicles/page.tsx (name, created_at, updated_at),
 * filterConfigs.Vehicle (type, archetype, faction); Rails also sorted by type and archetype.
 */
export class VehiclesIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: VEHICLE_SORTS, description: 'Default created_at' })
  @ChoiceFilter(VEHICLE_SORTS)
  sort?: (typeof VEHICLE_SORTS)[number];

  @ApiPropertyOptional({ description: 'A faction id, or __NONE__' })
  @LinkFilter()
  faction_id?: string;

  @ApiPropertyOptional({ description: 'A juncture id, or __NONE__' })
  @LinkFilter()
  juncture_id?: string;

  @ApiPropertyOptional({ description: 'An owner id, or __NONE__' })
  @LinkFilter()
  user_id?: string;

  @ApiPropertyOptional({ description: 'Members of this party' })
  @LinkFilter()
  party_id?: string;

  @ApiPropertyOptional({ description: 'Combatants of this fight' })
  @LinkFilter()
  fight_id?: string;

  @ApiPropertyOptional({ enum: CHARACTER_TYPES, description: 'action_values.Type' })
  @ChoiceFilter(CHARACTER_TYPES)
  type?: CharacterType;

  @ApiPropertyOptional({ enum: CHARACTER_TYPES, description: 'Same as type (Rails name)' })
  @ChoiceFilter(CHARACTER_TYPES)
  vehicle_type?: CharacterType;

  @ApiPropertyOptional({ description: 'action_values.Archetype, or __NONE__' })
  @TextFilter()
  archetype?: string;
}
