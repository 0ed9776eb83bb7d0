import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Allow, IsUUID, registerDecorator } from 'class-validator';
import { BlankAsAbsent, FlagFilter, Optional, PartialDto } from '../input-rules.js';
import { Messages } from '../validation.js';
import { OptionalChoice, OptionalFlag, Required } from '../characters/record-rules.js';
import { CreateRecordPayload, RecordBody, UpdateRecordPayload } from '../records/record-shapes.js';
import { CHASE_POSITIONS, type ChasePosition } from '../vehicles/vehicle-values.js';

export const SAME_VEHICLE = "can't be the same as pursuer";

/** The evader is another vehicle than the pursuer (Rails: different_vehicles_validation). */
function OtherThanPursuer(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'otherThanPursuer',
      target: target.constructor,
      propertyName: String(property),
      options: { message: SAME_VEHICLE },
      validator: {
        validate: (value: unknown, args) =>
          typeof value !== 'string' ||
          value.toLowerCase() !== String((args?.object as { pursuer_id?: unknown }).pursuer_id).toLowerCase(),
      },
    });
}

/** A required id of a linked record. */
function RequiredLink(): PropertyDecorator {
  return (target, property) => {
    Required()(target, property);
    IsUUID('all', { message: Messages.invalid })(target, property);
  };
}

/** What an update may change: the distance, and whether the chase goes on. Rails: update_params. */
export class ChaseRelationshipChangesDto {
  @ApiPropertyOptional({ enum: CHASE_POSITIONS, description: 'Default far on a create' })
  @OptionalChoice(CHASE_POSITIONS)
  position?: ChasePosition;

  @ApiPropertyOptional({ description: 'false ends the chase; true takes it up again' })
  @OptionalFlag()
  active?: boolean;
}

/**
 * A new chase: two vehicles of the same fight of the current campaign, each with a shot in it. Client:
 * chaseRelationshipClient.createChaseRelationship (pursuer_id, evader_id, fight_id, position, active).
 */
export class ChaseRelationshipFieldsDto extends ChaseRelationshipChangesDto {
  @ApiProperty({ format: 'uuid', description: 'The pursuing vehicle' })
  @RequiredLink()
  pursuer_id: string;

  @ApiProperty({ format: 'uuid', description: 'The vehicle it chases; another than the pursuer' })
  @RequiredLink()
  @OtherThanPursuer()
  evader_id: string;

  @ApiProperty({ format: 'uuid' })
  @RequiredLink()
  fight_id: string;
}

/** Fields of the representation the client may send back on an update: ignored (Rails permitted only these two). */
export class ChaseRelationshipRepresentationFields {
  @Allow() id?: unknown;
  @Allow() pursuer_id?: unknown;
  @Allow() evader_id?: unknown;
  @Allow() fight_id?: unknown;
  @Allow() pursuer?: unknown;
  @Allow() evader?: unknown;
  @Allow() fight?: unknown;
  @Allow() is_pursuer?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
}

export class UpdateChaseRelationshipInput extends IntersectionType(
  PartialDto(ChaseRelationshipChangesDto),
  ChaseRelationshipRepresentationFields,
) {}

/** `POST /api/v2/chase_relationships`. */
export class CreateChaseRelationshipBody extends RecordBody(
  'chase_relationship',
  ChaseRelationshipFieldsDto,
  ChaseRelationshipFieldsDto,
) {}
/** `PATCH /api/v2/chase_relationships/:id`. */
export class UpdateChaseRelationshipBody extends RecordBody(
  'chase_relationship',
  UpdateChaseRelationshipInput,
  ChaseRelationshipChangesDto,
) {}

export class CreateChaseRelationshipPayload extends CreateRecordPayload(
  'chase_relationship',
  ChaseRelationshipFieldsDto,
) {}
export class UpdateChaseRelationshipPayload extends UpdateRecordPayload(
  'chase_relationship',
  ChaseRelationshipChangesDto,
) {}

/**
 * `GET /api/v2/chase_relationships`: the current campaign's, by fight or vehicle; active ones unless `active`
 * says otherwise (Rails). Client: getChaseRelationshipsForFight / ForVehicle.
 */
export class ChaseRelationshipsIndexQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @BlankAsAbsent()
  @IsUUID('all', { message: Messages.invalid })
  fight_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'As pursuer or evader' })
  @Optional()
  @BlankAsAbsent()
  @IsUUID('all', { message: Messages.invalid })
  vehicle_id?: string;

  @ApiPropertyOptional({ description: 'Default true: only the chases going on' })
  @FlagFilter()
  active?: boolean;
}
