import type { AuthenticatedUser } from '@shotcaller/auth';
import { realtimeActorKey, type ParticipantTokenClaims } from '@shotcaller/contracts';

/** Who holds a realtime connection: a signed-in user, or an anonymous participant of a location session. */
export type RealtimeIdentity =
  | {
      kind: 'user';
      /** The user id: presence key and per-user connection cap. */
      id: string;
      token: string;
      /** When the token expires (epoch ms): the connection closes then. */
      expiresAt: number;
      user: AuthenticatedUser;
    }
  | {
      kind: 'participant';
      /** The participant id. */
      id: string;
      token: string;
      expiresAt: number;
      /** The one session whose topic the participant may follow. */
      sessionId: string;
      claims: ParticipantTokenClaims;
    };

/** The key an identity's cached answers and counters are kept under. */
export function identityKey(identity: Pick<RealtimeIdentity, 'kind' | 'id'>): string {
  return realtimeActorKey(identity.kind, identity.id);
}

/** Whether `key` is this identity's key, compared without building the key (once per socket per event). */
export function hasIdentityKey(identity: Pick<RealtimeIdentity, 'kind' | 'id'>, key: string): boolean {
  const { kind, id } = identity;
  return (
    key.length === kind.length + 1 + id.length &&
    key.startsWith(kind) &&
    key[kind.length] === ':' &&
    key.endsWith(id)
  );
}
