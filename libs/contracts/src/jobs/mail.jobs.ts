import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { CAMPAIGN_NAME_MAX } from '../campaigns/campaign.dtos.js';
import { EMAIL_MAX, NAME_MAX } from '../users/user.dtos.js';
import { Messages } from '../validation.js';

/** The mail queue's jobs, one per message the service sends. Never rename one: queued jobs carry the name. */
export const MailJobNames = {
  welcome: 'welcome',
  emailConfirmation: 'email_confirmation',
  passwordReset: 'password_reset',
  campaignInvitation: 'campaign_invitation',
  campaignJoined: 'campaign_joined',
  campaignRemoved: 'campaign_removed',
} as const;

export type MailJobName = (typeof MailJobNames)[keyof typeof MailJobNames];

export const MAIL_JOB_NAMES = Object.values(MailJobNames) as MailJobName[];

/** A person's full name, as an inviter is shown: first and last name and the space between. */
export const MAIL_PERSON_NAME_MAX = 2 * NAME_MAX + 1;
/** Confirmation and reset tokens: whatever the account flow issues, within reason. */
export const MAIL_TOKEN_MAX = 256;
/** A token goes into a link: visible ASCII only (it is URL-encoded there all the same). */
export const MAIL_TOKEN_PATTERN = /^[\x21-\x7e]+$/;
/**
 * Text that goes into a subject line or a sentence: one line, no control characters (NUL, CR, LF, ...), no
 * unpaired surrogate.
 */
export const MAIL_LINE_PATTERN = /^[^\p{Cc}\p{Cs}]*$/u;

const lineMessage = { message: 'must be one line without control characters or unpaired surrogates' };

/** Every mail goes to one address. */
export class MailRecipientData {
  @ApiProperty({ maxLength: EMAIL_MAX, example: 'player@example.com' })
  @IsString({ message: 'must be text' })
  @MaxLength(EMAIL_MAX, { message: Messages.tooLong(EMAIL_MAX) })
  @IsEmail({}, { message: Messages.invalid })
  to: string;
}

/** A mail to a user with an account, greeted by first name. */
export class UserMailData extends MailRecipientData {
  @ApiProperty({ minLength: 1, maxLength: NAME_MAX, example: 'Johnny' })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.tooShort(1) })
  @MaxLength(NAME_MAX, { message: Messages.tooLong(NAME_MAX) })
  @Matches(MAIL_LINE_PATTERN, lineMessage)
  first_name: string;
}

/** `welcome`: sent once an account exists. */
export class WelcomeMailData extends UserMailData {}

/** `email_confirmation`: the link that confirms the address. */
export class EmailConfirmationMailData extends UserMailData {
  @ApiProperty({ maxLength: MAIL_TOKEN_MAX })
  @IsString({ message: 'must be text' })
  @MaxLength(MAIL_TOKEN_MAX, { message: Messages.tooLong(MAIL_TOKEN_MAX) })
  @Matches(MAIL_TOKEN_PATTERN, { message: 'must be visible ASCII characters' })
  confirmation_token: string;
}

/** `password_reset`: the link that sets a new password. */
export class PasswordResetMailData extends UserMailData {
  @ApiProperty({ maxLength: MAIL_TOKEN_MAX })
  @IsString({ message: 'must be text' })
  @MaxLength(MAIL_TOKEN_MAX, { message: Messages.tooLong(MAIL_TOKEN_MAX) })
  @Matches(MAIL_TOKEN_PATTERN, { message: 'must be visible ASCII characters' })
  reset_password_token: string;
}

/** A mail about one campaign. */
class CampaignMailFields extends UserMailData {
  @ApiProperty({ minLength: 1, maxLength: CAMPAIGN_NAME_MAX, example: 'Hong Kong Nights' })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.tooShort(1) })
  @MaxLength(CAMPAIGN_NAME_MAX, { message: Messages.tooLong(CAMPAIGN_NAME_MAX) })
  @Matches(MAIL_LINE_PATTERN, lineMessage)
  campaign_name: string;
}

/**
 * `campaign_invitation`: an invitation for one address, which may have no account yet (so no first name). The
 * link redeems the invitation.
 */
export class CampaignInvitationMailData extends MailRecipientData {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: Messages.invalid })
  invitation_id: string;

  @ApiProperty({ minLength: 1, maxLength: MAIL_PERSON_NAME_MAX, example: 'Jenny Wong' })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.tooShort(1) })
  @MaxLength(MAIL_PERSON_NAME_MAX, { message: Messages.tooLong(MAIL_PERSON_NAME_MAX) })
  @Matches(MAIL_LINE_PATTERN, lineMessage)
  inviter_name: string;

  @ApiProperty({ minLength: 1, maxLength: CAMPAIGN_NAME_MAX, example: 'Hong Kong Nights' })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.tooShort(1) })
  @MaxLength(CAMPAIGN_NAME_MAX, { message: Messages.tooLong(CAMPAIGN_NAME_MAX) })
  @Matches(MAIL_LINE_PATTERN, lineMessage)
  campaign_name: string;
}

/** `campaign_joined`: the user is now a member of the campaign. */
export class CampaignJoinedMailData extends CampaignMailFields {}

/** `campaign_removed`: the gamemaster removed the user from the campaign. */
export class CampaignRemovedMailData extends CampaignMailFields {}

/** The data each mail job takes (the `mail` entry of JobDataShapes). */
export const MailJobDataShapes = {
  welcome: WelcomeMailData,
  email_confirmation: EmailConfirmationMailData,
  password_reset: PasswordResetMailData,
  campaign_invitation: CampaignInvitationMailData,
  campaign_joined: CampaignJoinedMailData,
  campaign_removed: CampaignRemovedMailData,
} satisfies Record<MailJobName, Type<MailRecipientData>>;

/** A mail job's data, by job name. */
export type MailJobData = { [Name in MailJobName]: InstanceType<(typeof MailJobDataShapes)[Name]> };

/** A mail job's result: the Message-ID the message was sent with. */
export interface MailSentResult {
  message_id: string;
}
