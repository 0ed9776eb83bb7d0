import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNumber,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Optional } from '../input-rules.js';

/** Longest session name and participant display name. */
export const LOCATION_NAME_MAX = 100;
/** A participant's color: `#rrggbb`. */
export const LOCATION_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** The longest a session may be asked to last, whatever the configuration (7 days). */
export const LOCATION_DURATION_MAX_MINUTES = 7 * 24 * 60;

/** `POST /api/location/sessions`: a new session and its creator (no account needed). */
export class CreateLocationSessionBody {
  @ApiProperty({ minLength: 1, maxLength: LOCATION_NAME_MAX, example: 'Night run' })
  @IsString()
  @MinLength(1)
  @MaxLength(LOCATION_NAME_MAX)
  name: string;

  @ApiProperty({ minLength: 1, maxLength: LOCATION_NAME_MAX, example: 'Johnny' })
  @IsString()
  @MinLength(1)
  @MaxLength(LOCATION_NAME_MAX)
  display_name: string;

  @ApiPropertyOptional({
    description: 'Minutes until the session ends (default 24 h, bounded by the service)',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(LOCATION_DURATION_MAX_MINUTES)
  duration_minutes?: number;

  @ApiPropertyOptional({ pattern: '^#[0-9a-fA-F]{6}$', example: '#e0301e' })
  @Optional()
  @IsString()
  @Matches(LOCATION_COLOR_PATTERN, { message: 'must be a color like #e0301e' })
  color?: string;
}

/** `POST /api/location/sessions/:id/join`. */
export class JoinLocationSessionBody {
  @ApiProperty({ minLength: 1, maxLength: LOCATION_NAME_MAX, example: 'Shing' })
  @IsString()
  @MinLength(1)
  @MaxLength(LOCATION_NAME_MAX)
  display_name: string;

  @ApiPropertyOptional({ pattern: '^#[0-9a-fA-F]{6}$', example: '#1e90e0' })
  @Optional()
  @IsString()
  @Matches(LOCATION_COLOR_PATTERN, { message: 'must be a color like #1e90e0' })
  color?: string;
}

/** One session, by id. */
export class LocationSessionIdPayload {
  @IsUUID()
  session_id: string;
}

export class JoinLocationSessionPayload extends JoinLocationSessionBody {
  @IsUUID()
  session_id: string;
}

export class RemoveLocationParticipantPayload {
  @IsUUID()
  session_id: string;

  @IsUUID()
  participant_id: string;
}

/** A position as a client sends it (`location:update`): WGS84 degrees, metres, m/s, degrees from north. */
export class LocationPositionInput {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  accuracy: number;

  @Optional({ nullable: true })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(360)
  heading?: number | null;

  @Optional({ nullable: true })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  speed?: number | null;

  @Optional({ nullable: true })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1_000)
  @Max(100_000)
  altitude?: number | null;

  /** When the device measured it (ISO 8601); not in the future beyond a small clock skew. */
  @IsISO8601({ strict: true })
  @MaxLength(40)
  recorded_at: string;
}

/** `location.positions.update`: the caller's (participant token) own position in its session. */
export class UpdateLocationPositionPayload extends LocationPositionInput {
  @IsUUID()
  session_id: string;
}

/** Participants one `location.participants.seen` report names: every participant of a full session. */
export const LOCATION_SEEN_REPORT_MAX = 50;
/** Longest participant token a report may carry (real ones are well under 1 KiB). */
export const LOCATION_TOKEN_MAX_LENGTH = 4096;

/**
 * `location.participants.seen`: a gateway holds connections of these participants of the session now. Each is
 * named by its participant token, which realtime-location verifies: a report cannot vouch for a participant whose
 * token it does not hold.
 */
export class ParticipantsSeenPayload {
  @IsUUID()
  session_id: string;

  @IsArray()
  @ArrayMaxSize(LOCATION_SEEN_REPORT_MAX)
  @IsString({ each: true })
  @MaxLength(LOCATION_TOKEN_MAX_LENGTH, { each: true })
  tokens: string[];
}
