import { ApiProperty } from '@nestjs/swagger';

export const ACCESS_TOKEN_SCOPE = 'user';

/** The user summary inside an access token, as the Rails API put it there. */
export class AccessTokenUserClaims {
  @ApiProperty() email: string;
  @ApiProperty() admin: boolean;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
  @ApiProperty() gamemaster: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) current_campaign: string | null;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
}

/** Claims of an access token signed by `campaign` (ES256) and verified by the gateway with the public key. */
export class AccessTokenClaims {
  @ApiProperty({ format: 'uuid', description: 'User id' }) sub: string;
  @ApiProperty({ format: 'uuid', description: 'Token id; sign-out revokes it' }) jti: string;
  @ApiProperty({ enum: [ACCESS_TOKEN_SCOPE] }) scp: typeof ACCESS_TOKEN_SCOPE;
  @ApiProperty() iss: string;
  @ApiProperty() aud: string;
  @ApiProperty({ description: 'Issued at (unix seconds)' }) iat: number;
  @ApiProperty({ description: 'Expires at (unix seconds)' }) exp: number;
  @ApiProperty({ description: "The user's token version; a token of an older version has ended" })
  ver: number;
  @ApiProperty({ type: AccessTokenUserClaims }) user: AccessTokenUserClaims;
}
