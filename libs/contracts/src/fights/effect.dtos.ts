import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Optional, PartialDto } from '../input-rules.js';
import { Messages } from '../validation.js';
import {
  OptionalChoice,
  OptionalText,
  OptionalWholeNumber,
  RECORD_DESCRIPTION_MAX,
  RECORD_LABEL_MAX,
  RecordName,
  Required,
} from '../characters/record-rules.js';
import { CreateRecordPayload, RecordBody, UpdateRecordPayload } from '../records/record-shapes.js';
import { FIGHT_SEQUENCE_MAX } from './fight.dtos.js';
import { SHOT_MAX, SHOT_MIN } from './shot.dtos.js';
import { EFFECT_SEVERITIES } from './effect.views.js';

/** The longest `change` text of a character effect (the column holds 20). */
export const EFFECT_CHANGE_MAX = 20;
/** "+1", "-2" adjust an action value; a bare "7" replaces it (see parseEffectChange in the campaign service). */
export const EFFECT_CHANGE_PATTERN = /^[+-]?\d{1,6}$/;

/** The fields every effect has: a name, an optional description and a severity (how the client shows it). */
class EffectCommonFields {
  @ApiProperty({ maxLength: 255 })
  @RecordName()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RECORD_DESCRIPTION_MAX })
  @OptionalText(RECORD_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ enum: EFFECT_SEVERITIES, default: 'info' })
  @OptionalChoice(EFFECT_SEVERITIES)
  severity?: (typeof EFFECT_SEVERITIES)[number];
}

/**
 * The writable fields of a fight-wide effect: on from (start_sequence, start_shot) to (end_sequence, end_shot);
 * a missing side is open. Client: effectClient.createEffect / updateEffect (src/lib/client/effectClient.ts),
 * `Effect` in src/types/resources.ts.
 */
export class EffectFieldsDto extends EffectCommonFields {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: FIGHT_SEQUENCE_MAX })
  @OptionalWholeNumber(0, FIGHT_SEQUENCE_MAX, { nullable: true })
  start_sequence?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: FIGHT_SEQUENCE_MAX })
  @OptionalWholeNumber(0, FIGHT_SEQUENCE_MAX, { nullable: true })
  end_sequence?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: SHOT_MIN, maximum: SHOT_MAX })
  @OptionalWholeNumber(SHOT_MIN, SHOT_MAX, { nullable: true })
  start_shot?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: SHOT_MIN, maximum: SHOT_MAX })
  @OptionalWholeNumber(SHOT_MIN, SHOT_MAX, { nullable: true })
  end_shot?: number | null;
}

export class EffectChangesDto extends PartialDto(EffectFieldsDto) {}

/** Fields of the effect's representation the client sends back (updateEffect sends the whole effect): ignored. */
export class EffectRepresentationFields {
  @Allow() id?: unknown;
  @Allow() fight_id?: unknown;
  @Allow() user_id?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
}

export class CreateEffectInput extends IntersectionType(EffectFieldsDto, EffectRepresentationFields) {}
export class UpdateEffectInput extends IntersectionType(EffectChangesDto, EffectRepresentationFields) {}

/** `POST /api/v2/fights/:fight_id/effects`. */
export class CreateEffectBody extends RecordBody('effect', CreateEffectInput, EffectFieldsDto) {}
/** `PATCH /api/v2/fights/:fight_id/effects/:id`. */
export class UpdateEffectBody extends RecordBody('effect', UpdateEffectInput, EffectChangesDto) {}

/** NATS payload of `campaign.effects.create`. */
export class CreateEffectPayload extends CreateRecordPayload('effect', EffectFieldsDto) {
  @IsUUID()
  fight_id: string;
}

/** NATS payload of `campaign.effects.update`. */
export class UpdateEffectPayload extends UpdateRecordPayload('effect', EffectChangesDto) {
  @IsUUID()
  fight_id: string;
}

/** NATS payload naming one effect (or character effect) of one fight of the current campaign. */
export class FightEffectIdPayload {
  @IsUUID()
  fight_id: string;

  @IsUUID()
  id: string;
}

// ---- Character effects: on one combatant's shot ----

/** Trimmed; blank text is `null` (the client's effect form starts from empty fields). */
const TrimmedOrNull = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  });

/** A character effect's `change`: absent, null or blank (no change), or "+1" / "-2" / "7", bounded. */
function EffectChange(): PropertyDecorator {
  return (target, property) => {
    for (const decorator of [
      Optional({ nullable: true }),
      TrimmedOrNull(),
      IsString({ message: 'must be text' }),
      MaxLength(EFFECT_CHANGE_MAX, { message: Messages.tooLong(EFFECT_CHANGE_MAX) }),
      Matches(EFFECT_CHANGE_PATTERN, { message: 'must be a whole number, signed to adjust ("+1", "-2")' }),
    ])
      decorator(target, property);
  };
}

/** The action value a character effect changes: absent, null or blank, or a bounded name ("Defense"). */
function ActionValueName(): PropertyDecorator {
  return (target, property) => {
    for (const decorator of [TrimmedOrNull(), OptionalText(RECORD_LABEL_MAX)]) decorator(target, property);
  };
}

/** What a character effect changes: the fields create and update share. */
class CharacterEffectOwnFields extends EffectCommonFields {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: RECORD_LABEL_MAX,
    description: 'The action value it changes ("Defense", "MainAttack", "Handling"...)',
  })
  @ActionValueName()
  action_value?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+1', maxLength: EFFECT_CHANGE_MAX })
  @EffectChange()
  change?: string | null;
}

/**
 * The writable fields of a character effect: on `shot_id`, a shot of the same fight (a character's or a
 * vehicle's). Client: characterEffectClient.createCharacterEffect (src/lib/client/characterEffectClient.ts),
 * `CharacterEffect` in src/types/resources.ts.
 */
export class CharacterEffectFieldsDto extends CharacterEffectOwnFields {
  @ApiProperty({ format: 'uuid', description: "The combatant's shot in this fight" })
  @Required()
  @IsUUID('all', { message: Messages.invalid })
  shot_id: string;
}

/** A character effect's changes; `shot_id`, when sent, moves it to another shot of the same fight. */
export class CharacterEffectChangesDto extends PartialDto(CharacterEffectFieldsDto) {}

/** Fields of the character effect's representation the client sends back: ignored (the shot says whose it is). */
export class CharacterEffectRepresentationFields {
  @Allow() id?: unknown;
  @Allow() fight_id?: unknown;
  @Allow() character_id?: unknown;
  @Allow() vehicle_id?: unknown;
  @Allow() created_at?: unknown;
  @Allow() updated_at?: unknown;
}

export class CreateCharacterEffectInput extends IntersectionType(
  CharacterEffectFieldsDto,
  CharacterEffectRepresentationFields,
) {}
export class UpdateCharacterEffectInput extends IntersectionType(
  CharacterEffectChangesDto,
  CharacterEffectRepresentationFields,
) {}

/** `POST /api/v2/fights/:fight_id/character_effects`. */
export class CreateCharacterEffectBody extends RecordBody(
  'character_effect',
  CreateCharacterEffectInput,
  CharacterEffectFieldsDto,
) {}
/** `PATCH /api/v2/fights/:fight_id/character_effects/:id`. */
export class UpdateCharacterEffectBody extends RecordBody(
  'character_effect',
  UpdateCharacterEffectInput,
  CharacterEffectChangesDto,
) {}

/** NATS payload of `campaign.character_effects.create`. */
export class CreateCharacterEffectPayload extends CreateRecordPayload(
  'character_effect',
  CharacterEffectFieldsDto,
) {
  @IsUUID()
  fight_id: string;
}

/** NATS payload of `campaign.character_effects.update`. */
export class UpdateCharacterEffectPayload extends UpdateRecordPayload(
  'character_effect',
  CharacterEffectChangesDto,
) {
  @IsUUID()
  fight_id: string;
}
