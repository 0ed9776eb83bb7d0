import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsInt,
  IsIP,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IndexQueryDto } from '../pagination.js';
import { Optional } from '../input-rules.js';
import { EqualsProperty, LETTERS_AND_DIGITS, Lowercase, Trim } from '../rules.js';
import { Messages } from '../validation.js';
import { AccessTokenClaims } from './access-token.js';
import { CurrentUserView, UserView } from './user.views.js';

export const NAME_MIN = 2;
export const NAME_MAX = 50;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A new password, as registration and a password change take it: the rules, and an optional confirmation. */
export class NewPasswordFields {
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: 'Letters and digits' })
  @IsString({ message: 'must be text' })
  @MinLength(PASSWORD_MIN, { message: Messages.tooShort(PASSWORD_MIN) })
  @MaxLength(PASSWORD_MAX, { message: Messages.tooLong(PASSWORD_MAX) })
  @Matches(LETTERS_AND_DIGITS, { message: 'must contain letters and digits' })
  password: string;

  @ApiPropertyOptional({ description: 'When sent, must equal password' })
  @Optional()
  @IsString({ message: 'must be text' })
  @MaxLength(PASSWORD_MAX, { message: Messages.tooLong(PASSWORD_MAX) })
  @EqualsProperty('password', { message: Messages.confirmationMismatch('Password') })
  password_confirmation?: string;
}

export class RegisterUserDto extends NewPasswordFields {
  @ApiProperty({ maxLength: EMAIL_MAX, example: 'gm@example.com' })
  @Lowercase()
  @IsString({ message: 'must be text' })
  @MaxLength(EMAIL_MAX, { message: Messages.tooLong(EMAIL_MAX) })
  @IsEmail({}, { message: Messages.invalid })
  email: string;

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

  @ApiPropertyOptional({ default: true, description: 'Whether this user runs campaigns' })
  @Optional()
  @IsBoolean({ message: 'must be true or false' })
  gamemaster?: boolean;
}

export class RegisterUserBody {
  @ApiProperty({ type: RegisterUserDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => RegisterUserDto)
  user: RegisterUserDto;
}

export class SignInDto {
  @ApiProperty({ example: 'gm@example.com' })
  @Lowercase()
  @IsString({ message: 'must be text' })
  @MaxLength(EMAIL_MAX, { message: Messages.tooLong(EMAIL_MAX) })
  email: string;

  @ApiProperty()
  @IsString({ message: 'must be text' })
  @MaxLength(PASSWORD_MAX, { message: Messages.tooLong(PASSWORD_MAX) })
  password: string;
}

/** NATS payload of `campaign.users.sign_in`: the credentials and the client address failures are counted for. */
export class SignInPayload extends SignInDto {
  @IsIP(undefined, { message: Messages.invalid })
  client_address: string;
}

export class SignInBody {
  @ApiProperty({ type: SignInDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => SignInDto)
  user: SignInDto;
}

/** The editable part of a profile: any subset of these. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: EMAIL_MAX })
  @Optional()
  @Lowercase()
  @IsString({ message: 'must be text' })
  @MaxLength(EMAIL_MAX, { message: Messages.tooLong(EMAIL_MAX) })
  @IsEmail({}, { message: Messages.invalid })
  email?: string;

  @ApiPropertyOptional({ minLength: NAME_MIN, maxLength: NAME_MAX })
  @Optional()
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(NAME_MIN, { message: Messages.tooShort(NAME_MIN) })
  @MaxLength(NAME_MAX, { message: Messages.tooLong(NAME_MAX) })
  first_name?: string;

  @ApiPropertyOptional({ minLength: NAME_MIN, maxLength: NAME_MAX })
  @Optional()
  @Trim()
  @IsString({ message: 'must be text' })
  @MinLength(NAME_MIN, { message: Messages.tooShort(NAME_MIN) })
  @MaxLength(NAME_MAX, { message: Messages.tooLong(NAME_MAX) })
  last_name?: string;

  @ApiPropertyOptional({ description: 'Admins only: false deactivates the account and ends its tokens' })
  @Optional()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;
}

export class UpdateProfileBody {
  @ApiProperty({ type: UpdateProfileDto })
  @IsDefined({ message: Messages.blank })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => UpdateProfileDto)
  user: UpdateProfileDto;
}

/** `POST /api/v2/users/change_password`: the current password proves it is the owner. */
export class ChangePasswordBody extends NewPasswordFields {
  @ApiProperty()
  @IsString({ message: 'must be text' })
  @MaxLength(PASSWORD_MAX, { message: Messages.tooLong(PASSWORD_MAX) })
  current_password: string;
}

/** `campaign.users.token_state`: asked by the gateway for a user whose tokens it is checking. */
export class TokenStatePayload {
  @IsUUID()
  user_id: string;
}

/** Whether a user's tokens are still good: those of an older version, or of a deactivated account, are not. */
export class TokenState {
  token_version: number;
  active: boolean;
}

/** The event `campaign.user.tokens_changed`: tokens of older versions (or of a deactivated user) end now. */
export class TokensChangedEvent extends TokenState {
  user_id: string;
}

/** Far beyond any token's expiry (2100-01-01), and a safe integer. */
export const MAX_TOKEN_EXPIRY = 4_102_444_800;

/** A signed-out token: its id and when it would have expired (unix seconds). */
export class RevokedTokenDto {
  @IsUUID()
  jti: string;

  @IsInt()
  @Min(0)
  @Max(MAX_TOKEN_EXPIRY)
  exp: number;
}

/** `campaign.sessions.revoke`: the caller's own token, the one the request is sent with. */
export class RevokeTokenPayload extends RevokedTokenDto {}

/** The event `campaign.session.revoked`: this token was signed out and its revocation is stored. */
export class SessionRevokedEvent extends RevokedTokenDto {}

/** `campaign.sessions.revocations`: the page after this token id (the first page without it). */
export class RevocationsQuery {
  @Optional()
  @IsUUID()
  after?: string;
}

/** Signed-out tokens not yet expired, by token id; `next` is the `after` of the next page, null on the last. */
export class RevocationsPage {
  revocations: RevokedTokenDto[];
  next: string | null;
}

/** NATS payload of `campaign.users.update_profile`: whose profile, and the changes. */
export class UpdateProfilePayload {
  @IsUUID()
  user_id: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateProfileDto)
  changes: UpdateProfileDto;
}

export const USER_SORTS = ['name', 'email', 'created_at', 'updated_at'] as const;

export class UsersIndexQuery extends IndexQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Members and gamemaster of this campaign' })
  @Optional()
  @IsUUID('all', { message: Messages.invalid })
  campaign_id?: string;

  @ApiPropertyOptional({ enum: USER_SORTS, description: 'Default created_at' })
  @Optional()
  @IsIn(USER_SORTS)
  sort?: (typeof USER_SORTS)[number];
}

/** What `campaign` answers to a successful sign-in or registration. */
export class SessionGrant {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty({ description: 'The signed access token' }) token: string;
  @ApiProperty({ type: AccessTokenClaims }) claims: AccessTokenClaims;
}

/**
 * What a registration answers: the new account, and its session unless sign-in needs a confirmed address that it
 * does not have yet (REQUIRE_CONFIRMED_EMAIL): then no token, and `requires_confirmation`.
 */
export class RegistrationGrant {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty({ type: String, nullable: true, description: 'The signed access token; null until confirmed' })
  token: string | null;
  @ApiProperty({ type: AccessTokenClaims, nullable: true }) claims: AccessTokenClaims | null;
  @ApiProperty({ description: 'The address must be confirmed (the mailed link) before signing in' })
  requires_confirmation: boolean;
}

/** The Rails body of sign-in and registration: the token itself travels in the Authorization header. */
export class SessionResponse {
  @ApiProperty({ example: 200 }) code: number;
  @ApiProperty() message: string;
  @ApiProperty({ type: UserView }) data: UserView;
  @ApiProperty({ type: AccessTokenClaims }) payload: AccessTokenClaims;
}

/** The Rails body of registration: as sign-in's, without a token or claims while the address must be confirmed. */
export class RegistrationResponse {
  @ApiProperty({ example: 201 }) code: number;
  @ApiProperty() message: string;
  @ApiProperty({ type: UserView }) data: UserView;
  @ApiProperty({ type: AccessTokenClaims, nullable: true }) payload: AccessTokenClaims | null;
  @ApiProperty() requires_confirmation: boolean;
}

export class ProfileUpdateResult {
  @ApiProperty({ type: CurrentUserView }) user: CurrentUserView;
  @ApiPropertyOptional({ description: 'A fresh token carrying the new profile claims (own profile only)' })
  token?: string;
}

/** What `campaign.users.change_password` answers: a fresh token, as every earlier one has just ended. */
export class PasswordChanged {
  @ApiProperty() token: string;
}

/** The Rails-era body of a password change. */
export class PasswordChangeResponse {
  @ApiProperty({ example: true }) success: boolean;
  @ApiProperty() message: string;
}

export class StatusMessage {
  @ApiProperty({ example: 200 }) status: number;
  @ApiProperty() message: string;
}
