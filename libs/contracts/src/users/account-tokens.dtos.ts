import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsObject,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Lowercase } from '../rules.js';
import { Messages } from '../validation.js';
import { EMAIL_MAX, NewPasswordFields } from './user.dtos.js';
import { UserView } from './user.views.js';

/** Emailed confirmation and reset tokens: 43 characters as issued; anything much longer is not one. */
export const ACCOUNT_TOKEN_MAX = 128;

/**
 * Devise's messages, which the Rails-era client shows as they are. The "paranoid" answers are the same whether
 * or not an account has the address.
 */
export const AccountMessages = {
  confirmationSent:
    'If your email address exists in our database, you will receive an email with instructions for how to confirm your email address in a few minutes.',
  confirmed: 'Your email address has been successfully confirmed.',
  resetSent:
    'If your email address exists in our database, you will receive a password recovery link at your email address in a few minutes.',
  passwordReset: 'Your password has been changed successfully.',
  unconfirmed: 'You have to confirm your email address before continuing.',
  signedUpUnconfirmed:
    'A message with a confirmation link has been sent to your email address. Please follow the link to activate your account.',
} as const;

/** `GET /users/confirmation?confirmation_token=` and its NATS payload `campaign.users.confirm_email`. */
export class ConfirmEmailQuery {
  @ApiProperty({ maxLength: ACCOUNT_TOKEN_MAX, description: 'The token from the confirmation mail' })
  @IsDefined({ message: Messages.blank })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(ACCOUNT_TOKEN_MAX, { message: Messages.invalid })
  confirmation_token: string;
}

/** An address to send an account mail to (resending the confirmation, asking for a password reset). */
export class AccountEmailDto {
  @ApiProperty({ maxLength: EMAIL_MAX, example: 'player@example.com' })
  @Lowercase()
  @IsString({ message: 'must be text' })
  @MaxLength(EMAIL_MAX, { message: Messages.tooLong(EMAIL_MAX) })
  @IsEmail({}, { message: Messages.invalid })
  email: string;
}

/** `POST /users/confirmation` and `POST /users/password`: `{user: {email}}`. */
export class AccountEmailBody {
  @ApiProperty({ type: AccountEmailDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => AccountEmailDto)
  user: AccountEmailDto;
}

/** A new password set with the emailed reset token: the same password rules as registration. */
export class ResetPasswordDto extends NewPasswordFields {
  @ApiProperty({ maxLength: ACCOUNT_TOKEN_MAX, description: 'The token from the password reset mail' })
  @IsDefined({ message: Messages.blank })
  @IsString({ message: 'must be text' })
  @MinLength(1, { message: Messages.blank })
  @MaxLength(ACCOUNT_TOKEN_MAX, { message: Messages.invalid })
  reset_password_token: string;
}

/** `PUT|PATCH /users/password`: `{user: {reset_password_token, password, password_confirmation}}`. */
export class ResetPasswordBody {
  @ApiProperty({ type: ResetPasswordDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ResetPasswordDto)
  user: ResetPasswordDto;
}

/** The answer of an account flow that has nothing else to say. */
export class AccountMessage {
  @ApiProperty({ example: AccountMessages.resetSent }) message: string;
}

/** The answer of a confirmation: the message and the confirmed user. */
export class EmailConfirmed extends AccountMessage {
  @ApiProperty({ type: UserView }) data: UserView;
}
