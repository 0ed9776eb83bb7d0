import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../input-rules.js';
import { AI_DESCRIPTION_MAX } from '../jobs/ai.jobs.js';
import { Messages } from '../validation.js';

/** What `POST /api/v2/ai` answers once the job is queued (the Rails wording). */
export const AiRequestMessages = {
  generate: 'Character generation in progress',
  extend: 'Character extension in progress',
} as const;

/**
 * What to generate: a new character from `description`, or, with `character_id`, more of that character
 * (`description` then optional: what to add or change).
 */
export class AiCharacterRequest {
  @ApiPropertyOptional({
    maxLength: AI_DESCRIPTION_MAX,
    description: 'Required unless character_id is given',
    example: 'A grumpy sorcerer from 1850 Hong Kong',
  })
  @ValidateIf(
    (fields: AiCharacterRequest) => fields.character_id === undefined || fields.description !== undefined,
  )
  @IsDefined({ message: Messages.blank })
  @IsString({ message: 'must be text' })
  @Matches(/\S/, { message: Messages.blank })
  @MaxLength(AI_DESCRIPTION_MAX, { message: Messages.tooLong(AI_DESCRIPTION_MAX) })
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A character of your current campaign to extend' })
  @Optional()
  @IsUUID('all', { message: Messages.invalid })
  character_id?: string;
}

/** `POST /api/v2/ai {ai: {description?, character_id?}}`. */
export class AiCharacterBody {
  @ApiProperty({ type: AiCharacterRequest })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => AiCharacterRequest)
  ai: AiCharacterRequest;
}

/** `PATCH /api/v2/ai/:id/extend` (the Rails route): an optional `{ai: {description}}`. */
export class AiExtendRequest {
  @ApiPropertyOptional({ maxLength: AI_DESCRIPTION_MAX, description: 'What to add or change' })
  @Optional()
  @IsString({ message: 'must be text' })
  @MaxLength(AI_DESCRIPTION_MAX, { message: Messages.tooLong(AI_DESCRIPTION_MAX) })
  description?: string;
}

export class AiExtendBody {
  @ApiPropertyOptional({ type: AiExtendRequest })
  @Optional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => AiExtendRequest)
  ai?: AiExtendRequest;
}

/** `campaign.characters.ai`: queue generation (or extension) for the caller's current campaign. */
export class AiCharacterPayload extends AiCharacterRequest {}

/** The answer of `POST /api/v2/ai`: 202, the job is queued; the result comes on `campaign:<id>`. */
export class AiRequestAcceptedView {
  @ApiProperty({ example: AiRequestMessages.generate }) message: string;
}
