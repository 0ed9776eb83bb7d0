import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsISO8601,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BlankAsAbsent, FlagFilter, Optional, PartialDto } from '../input-rules.js';
import { Trim } from '../rules.js';
import { Messages } from '../validation.js';
import {
  ChoiceFilter,
  LinkFilter,
  NONE_FILTER,
  NumberFilter,
  OptionalFlag,
  OptionalText,
  OptionalWholeNumber,
  RECORD_DESCRIPTION_MAX,
  RecordIndexQuery,
  RecordName,
} from '../characters/record-rules.js';
import { IsValueMap, type ValueMap, type ValueMapRules } from '../characters/value-maps.js';
import {
  CreateRecordPayload,
  RecordBody,
  RecordIdPayload,
  UpdateRecordPayload,
} from '../records/record-shapes.js';
import { FIGHT_COMBATANTS_MAX } from './shot.dtos.js';

export const FIGHT_SEQUENCE_MAX = 10_000;
export const FIGHT_SEASON_MAX = 9_999;
export const FIGHT_NOTES_MAX = 10_000;
export const FIGHT_EVENT_TYPE_MAX = 50;
export const FIGHT_EVENT_DESCRIPTION_MAX = 2_000;

/** A fight event's `details`, and a combat update's: flat, scalar values only (the client's are). */
export const EVENT_DETAIL_RULES: ValueMapRules = {
  maxKeys: 50,
  textMax: 1_000,
  other: { numbers: true, text: true, booleans: true, nulls: true },
};

/** A start or end time: an ISO 8601 timestamp, `null` to clear, blank (the client's default "") is absent. */
function OptionalTimestamp(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const name = String(propertyName);
    for (const decorator of [
      Optional({ nullable: true }),
      BlankAsAbsent(),
      IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' }),
    ]) {
      decorator(target, name);
    }
  };
}

/**
 * The writable fields of a fight. Client: the fight forms (src/components/fights), `defaultFight`
 * (src/types/defaults.ts: started_at "", ended_at "", season null, session null), and
 * characterClient.addCharacter, which PATCHes `{fight: {character_ids}}` with the new id appended.
 */
export class FightFieldsDto {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_DESCRIPTION_MAX })
  @OptionalText(RECORD_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalFlag()
  active?: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalFlag()
  archived?: boolean;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: FIGHT_SEQUENCE_MAX, description: 'The round' })
  @OptionalWholeNumber(0, FIGHT_SEQUENCE_MAX)
  sequence?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @OptionalTimestamp()
  started_at?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @OptionalTimestamp()
  ended_at?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: FIGHT_SEASON_MAX })
  @OptionalWholeNumber(0, FIGHT_SEASON_MAX, { nullable: true })
  season?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: FIGHT_SEASON_MAX })
  @OptionalWholeNumber(0, FIGHT_SEASON_MAX, { nullable: true })
  session?: number | null;

  @ApiPropertyOptional({
    type: [String],
    description:
      'The complete list, one entry per shot: repeat an id for another mook group. New ones start hidden.',
  })
  @Optional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(FIGHT_COMBATANTS_MAX, { message: `must hold at most ${FIGHT_COMBATANTS_MAX} ids` })
  @IsUUID('all', { each: true, message: 'must be a list of ids' })
  character_ids?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The complete list' })
  @Optional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(FIGHT_COMBATANTS_MAX, { message: `must hold at most ${FIGHT_COMBATANTS_MAX} ids` })
  @IsUUID('all', { each: true, message: 'must be a list of ids' })
  vehicle_ids?: string[];
}

export class FightChangesDto extends PartialDto(FightFieldsDto) {}

/** Fields of the fight's representation the client sends back: accepted and ignored. */
export class FightRepresentationFields {
  @Allow() id?: unknown;
  @Allow() entity_class?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
  @Allow() image_url?: unknown;
  @Allow() image_positions?: unknown;
  @Allow() campaign_id?: unknown;
  @Allow() gamemaster?: unknown;
  @Allow() effects?: unknown;
  @Allow() characters?: unknown;
  @Allow() vehicles?: unknown;
  @Allow() actors?: unknown;
  @Allow() shot_order?: unknown;
  @Allow() character_effects?: unknown;
  @Allow() vehicle_effects?: unknown;
  @Allow() fight_events?: unknown;
  /** Set by `act`, not by an update. */
  @Allow() action_id?: unknown;

  @ApiPropertyOptional({
    description: 'The client\'s "at a glance" toggle; not in the spec, accepted and ignored',
  })
  @OptionalFlag()
  at_a_glance?: boolean;
}

export class CreateFightInput extends IntersectionType(FightFieldsDto, FightRepresentationFields) {}
export class UpdateFightInput extends IntersectionType(FightChangesDto, FightRepresentationFields) {}

/** `POST /api/v2/fights` (multipart `fight` JSON string, decoded upstream, or JSON). */
export class CreateFightBody extends RecordBody('fight', CreateFightInput, FightFieldsDto) {}

/** `PATCH /api/v2/fights/:id`. */
export class UpdateFightBody extends RecordBody('fight', UpdateFightInput, FightChangesDto) {}

export class CreateFightPayload extends CreateRecordPayload('fight', FightFieldsDto) {}
export class UpdateFightPayload extends UpdateRecordPayload('fight', FightChangesDto) {}

/**
 * `PATCH /api/v2/fights/:id/end_fight` (gamemaster only). Client: fightClient.endFight sends `{}` or
 * `{notes}`.
 */
export class EndFightBody {
  @ApiPropertyOptional({ maxLength: FIGHT_NOTES_MAX })
  @Optional()
  @IsString({ message: 'must be text' })
  @MaxLength(FIGHT_NOTES_MAX, { message: Messages.tooLong(FIGHT_NOTES_MAX) })
  notes?: string;
}

/** NATS payload of `campaign.fights.end_fight`. */
export class EndFightPayload extends RecordIdPayload {
  @Optional()
  @IsString({ message: 'must be text' })
  @MaxLength(FIGHT_NOTES_MAX, { message: Messages.tooLong(FIGHT_NOTES_MAX) })
  notes?: string;
}

/** A log entry: its type a snake_case word ("attack", "movement", "chase_action"). */
export class FightEventFields {
  @ApiProperty({ maxLength: FIGHT_EVENT_TYPE_MAX, example: 'attack' })
  @IsString({ message: 'must be text' })
  @MaxLength(FIGHT_EVENT_TYPE_MAX, { message: Messages.tooLong(FIGHT_EVENT_TYPE_MAX) })
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'must be a snake_case word' })
  event_type: string;

  @ApiProperty({ maxLength: FIGHT_EVENT_DESCRIPTION_MAX })
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(FIGHT_EVENT_DESCRIPTION_MAX, { message: Messages.tooLong(FIGHT_EVENT_DESCRIPTION_MAX) })
  description: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Flat: scalar values only',
  })
  @Optional()
  @IsValueMap(EVENT_DETAIL_RULES)
  details?: ValueMap;

  /** Sent back when the client round-trips an event; ignored. */
  @Allow() id?: unknown;
  @Allow() fight_id?: unknown;
  @Allow() created_at?: unknown;
}

/** `POST /api/v2/fights/:id/fight_events`. Client: fightClient.createFightEvent. */
export class FightEventBody {
  @ApiProperty({ type: FightEventFields })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => FightEventFields)
  fight_event: FightEventFields;
}

/** NATS payload of `campaign.fights.log_event`: the fight's id and the entry. */
export class LogFightEventPayload extends RecordIdPayload {
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => FightEventFields)
  fight_event: FightEventFields;
}

/** `POST /api/v2/parties/:party_id/fight/:fight_id` as a NATS payload: every member of the party joins, hidden. */
export class AddPartyToFightPayload {
  @IsUUID()
  party_id: string;

  @IsUUID()
  fight_id: string;
}

/** `GET /api/v2/campaigns/:id/current_fight` as a NATS payload. */
export class CurrentFightPayload {
  @IsUUID()
  campaign_id: string;
}

export const FIGHT_SORTS = [
  'name',
  'created_at',
  'updated_at',
  'started_at',
  'ended_at',
  'season',
  'session',
] as const;
export const FIGHT_STATUSES = ['Unstarted', 'Started', 'Ended'] as const;
export type FightStatus = (typeof FIGHT_STATUSES)[number];

/**
 * `GET /api/v2/fights`. Client: src/app/(main)/fights/page.tsx (name, created_at, updated_at),
 * filterConfigs.Fight
 * (season, status). Unstarted: no started_at; Started: started, not ended; Ended: ended_at set.
 */
export class FightsIndexQuery extends RecordIndexQuery {
  @ApiPropertyOptional({ enum: FIGHT_SORTS, description: 'Default created_at' })
  @ChoiceFilter(FIGHT_SORTS)
  sort?: (typeof FIGHT_SORTS)[number];

  @ApiPropertyOptional({ enum: FIGHT_STATUSES })
  @ChoiceFilter(FIGHT_STATUSES)
  status?: FightStatus;

  @ApiPropertyOptional({
    type: String,
    description: `A season (a whole number, 0 to ${FIGHT_SEASON_MAX}), or __NONE__ for fights without one`,
  })
  @NumberFilter(0, FIGHT_SEASON_MAX, { orNone: true })
  season?: number | typeof NONE_FILTER;

  @ApiPropertyOptional({
    type: String,
    description: `A session (a whole number, 0 to ${FIGHT_SEASON_MAX}), or __NONE__ for fights without one`,
  })
  @NumberFilter(0, FIGHT_SEASON_MAX, { orNone: true })
  session?: number | typeof NONE_FILTER;

  @ApiPropertyOptional({
    description: 'Fights this character is in, or __NONE__ for fights without characters',
  })
  @LinkFilter()
  character_id?: string;

  @ApiPropertyOptional({ description: 'Fights this vehicle is in, or __NONE__ for fights without vehicles' })
  @LinkFilter()
  vehicle_id?: string;

  @ApiPropertyOptional({
    description:
      "Fights with this player's characters, or __NONE__ for fights without any player's character",
  })
  @LinkFilter()
  user_id?: string;

  @ApiPropertyOptional({ description: 'Older Rails form of visibility=all' })
  @FlagFilter()
  show_all?: boolean;
}
