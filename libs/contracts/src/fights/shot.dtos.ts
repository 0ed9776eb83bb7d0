import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { Optional } from '../input-rules.js';
import { Messages } from '../validation.js';
import { OptionalText, OptionalWholeNumber, RECORD_COLOR_MAX } from '../characters/record-rules.js';

/** The initiative track: a shot is -10..30; `null` hides a combatant (not yet in the initiative). */
export const SHOT_MIN = -10;
export const SHOT_MAX = 30;
/** Shots one action may cost. Typical costs are 1 to 3; this bounds typing mistakes, not the rules. */
export const SHOT_COST_MAX = 30;
/** A shot's count: an NPC's wounds or a mook group's size. */
export const SHOT_COUNT_MAX = 9_999;
export const SHOT_IMPAIRMENTS_MAX = 99;
/** Combatants (shots) in one fight; a mook group may appear several times. */
export const FIGHT_COMBATANTS_MAX = 500;
export const SHOT_LOCATION_MAX = 255;

/** Rails cleared a driver link when given a blank id; the client sends `null`. Both clear it. */
const BlankAsNull = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() === '' ? null : value,
  );

/**
 * A change to one initiative entry. Client: characterClient.updateCharacterShot (shot, impairments, count,
 * driving_id, color) and updateShotLocation (location), src/lib/client/characterClient.ts.
 */
export class ShotChangesDto {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: SHOT_MIN, maximum: SHOT_MAX })
  @OptionalWholeNumber(SHOT_MIN, SHOT_MAX, { nullable: true })
  shot?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: SHOT_IMPAIRMENTS_MAX })
  @OptionalWholeNumber(0, SHOT_IMPAIRMENTS_MAX)
  impairments?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: SHOT_COUNT_MAX })
  @OptionalWholeNumber(0, SHOT_COUNT_MAX)
  count?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_COLOR_MAX })
  @OptionalText(RECORD_COLOR_MAX)
  color?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SHOT_LOCATION_MAX })
  @OptionalText(SHOT_LOCATION_MAX)
  location?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "On a vehicle's shot: its driver's shot; null or blank clears it",
  })
  @Optional({ nullable: true })
  @BlankAsNull()
  @IsUUID('all', { message: Messages.invalid })
  driver_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "On a driver's shot: the vehicle's shot; null or blank clears it",
  })
  @Optional({ nullable: true })
  @BlankAsNull()
  @IsUUID('all', { message: Messages.invalid })
  driving_id?: string | null;
}

/** `PATCH /api/v2/fights/:fight_id/shots/:id`. */
export class UpdateShotBody {
  @ApiProperty({ type: ShotChangesDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ShotChangesDto)
  shot: ShotChangesDto;
}

/** `PATCH /api/v2/fights/:fight_id/shots/:id/assign_driver`: the driver's shot, in the same fight. */
export class AssignDriverBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  driver_shot_id: string;
}

/** NATS payload naming one shot of one fight of the current campaign (delete, remove_driver). */
export class ShotIdPayload {
  @IsUUID()
  fight_id: string;

  @IsUUID()
  id: string;
}

/** NATS payload of `campaign.shots.update`. */
export class UpdateShotPayload extends ShotIdPayload {
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ShotChangesDto)
  shot: ShotChangesDto;
}

/** NATS payload of `campaign.shots.assign_driver`: `id` is the vehicle's shot. */
export class AssignDriverPayload extends ShotIdPayload {
  @IsUUID('all', { message: Messages.invalid })
  driver_shot_id: string;
}
