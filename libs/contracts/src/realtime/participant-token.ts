/** Scope claim of a location participant token (a user access token's is `user`). */
export const PARTICIPANT_TOKEN_SCOPE = 'location_participant';

/**
 * Claims of a token `realtime-location` signs (ES256, its own key) for an anonymous participant of one
 * location-sharing session. The gateway verifies it with LOCATION_TOKEN_PUBLIC_KEY; a participant may follow
 * `location:<sid>` only, and its sockets close when the token expires.
 */
export interface ParticipantTokenClaims {
  /** Participant id (uuid): the presence key. */
  sub: string;
  /** Token id (uuid). */
  jti: string;
  scp: typeof PARTICIPANT_TOKEN_SCOPE;
  /** The session (uuid) the participant belongs to. */
  sid: string;
  /** Display name the participant chose (1-100 characters). */
  name: string;
  iss: string;
  aud: string;
  iat: number;
  exp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether verified claims have the shape of a participant token. */
export function isParticipantTokenClaims(value: unknown): value is ParticipantTokenClaims {
  const claims = value as Partial<ParticipantTokenClaims> | null;
  return (
    typeof claims === 'object' &&
    claims !== null &&
    claims.scp === PARTICIPANT_TOKEN_SCOPE &&
    typeof claims.sub === 'string' &&
    UUID.test(claims.sub) &&
    typeof claims.jti === 'string' &&
    UUID.test(claims.jti) &&
    typeof claims.sid === 'string' &&
    UUID.test(claims.sid) &&
    typeof claims.name === 'string' &&
    claims.name.length >= 1 &&
    claims.name.length <= 100 &&
    typeof claims.exp === 'number'
  );
}
