import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../input-rules.js';
import { Lowercase, Trim } from '../rules.js';
import { EMAIL_MAX, NAME_MAX, NAME_MIN, NewPasswordFields } from '../users/user.dtos.js';
import { Messages } from '../validation.js';

/** Places a counted invitation may offer: a table's worth, and then some. */
export const INVITATION_MAXIMUM_COUNT_MAX = 1000;

/**
 * A new invitation to the gamemaster's current campaign: for one address, or a link for a number of people. Exactly
 * one of the two; the campaign service checks that (and answers both fields' errors, as Rails did).
 */
export class InvitationFieldsDto {
  @ApiPropertyOptional({
    maxLength: EMAIL_MAX,
    example: 'player@example.com',
    description: 'Invite this address (or give maximum_count)',
  })
  @Optional()
  @Lowercase()
  @IsString({ message: 'must be text' })
  @MaxLength(EMAIL_MAX, { message: Messages.tooLong(EMAIL_MAX) })
  @IsEmail({}, { message: Messages.invalid })
  email?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: INVITATION_MAXIMUM_COUNT_MAX,
    description: 'A link good for this many people (or give email)',
  })
  @Optional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(INVITATION_MAXIMUM_COUNT_MAX, { message: `must be at most ${INVITATION_MAXIMUM_COUNT_MAX}` })
  maximum_count?: number;
}

/** `POST /api/v2/invitations`. */
export class CreateInvitationBody {
  @ApiProperty({ type: InvitationFieldsDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => InvitationFieldsDto)
  invitation: InvitationFieldsDto;
}

/**
 * `POST|PATCH /api/v2/invitations/:id/redeem`: the body is optional. The Rails-era client sends its user along;
 * it is ignored, as the invitation is always redeemed for the signed-in caller.
 */
export class RedeemInvitationBody {
  @ApiPropertyOptional({
    description: 'Ignored: the invitation is redeemed for the signed-in user (the Rails-era client sends it)',
  })
  @Allow()
  user?: unknown;
}

/**
 * `POST /api/v2/invitations/:id/register`: the new account's fields, at the top level as the Rails-era client
 * sends them. The address is the invitation's own; a counted invitation (which has none) needs `email`.
 */
export class InvitationRegistrationDto extends NewPasswordFields {
  @ApiPropertyOptional({
    maxLength: EMAIL_MAX,
    example: 'player@example.com',
    description:
      "Must be the invitation's address when sent; required for a counted invitation (it has none)",
  })
  @Optional()
  @Lowercase()
  @IsString({ message: 'must be text' })
  @MaxLength(EMAIL_MAX, { message: Messages.tooLong(EMAIL_MAX) })
  @IsEmail({}, { message: Messages.invalid })
  email?: string;

  @ApiProperty({ minLength: NAME_MIN, maxLength: NAME_MAX })
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(NAME_MIN, { message: Messages.tooShort(NAME_MIN) })
  @MaxLength(NAME_MAX, { message: Messages.tooLong(NAME_MAX) })
  first_name: string;

  @ApiProperty({ minLength: NAME_MIN, maxLength: NAME_MAX })
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(NAME_MIN, { message: Messages.tooShort(NAME_MIN) })
  @MaxLength(NAME_MAX, { message: Messages.tooLong(NAME_MAX) })
  last_name: string;

  @ApiPropertyOptional({
    default: true,
    description: 'Whether this user runs campaigns (as in registration)',
  })
  @Optional()
  @IsBoolean({ message: 'must be true or false' })
  gamemaster?: boolean;
}

/** NATS payload naming one invitation (show, redeem, resend, delete). */
export class InvitationIdPayload {
  @IsUUID()
  id: string;
}

/** NATS payload of `campaign.invitations.register`: which invitation, and the new account. */
export class RegisterThroughInvitationPayload extends InvitationRegistrationDto {
  @IsUUID()
  id: string;
}

/**
 * The events `campaign.invitation.created` and `campaign.invitation.resent`: what an invitation email is written
 * from (a counted invitation has no address: nobody to mail, its link is shared by the gamemaster).
 */
export class InvitationEvent {
  @IsUUID()
  invitation_id: string;

  @IsUUID()
  campaign_id: string;

  @IsString()
  campaign_name: string;

  @Optional({ nullable: true })
  @IsEmail()
  email: string | null;

  @Optional({ nullable: true })
  @IsInt()
  maximum_count: number | null;

  @IsUUID()
  inviter_id: string;

  @IsString()
  inviter_name: string;
}

export class InvitationCreatedEvent extends InvitationEvent {}

export class InvitationResentEvent extends InvitationEvent {}
