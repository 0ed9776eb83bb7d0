import { ActorKind, Subjects, UserRole, type Actor, type RegistrationGrant } from '@shotcaller/contracts';
import type { NatsRequester } from '@shotcaller/testing';

/**
 * Registers an account over NATS (password `secret123`, last name `Tester`) and answers the actor its token would
 * carry: a gamemaster unless `gamemaster` is false.
 */
export async function registerActor(
  nats: NatsRequester,
  email: string,
  { gamemaster = true, firstName = email.split('@')[0] }: { gamemaster?: boolean; firstName?: string } = {},
): Promise<Actor> {
  const grant = await nats.expectOk<RegistrationGrant>(Subjects.campaign.users.register, {
    email,
    password: 'secret123',
    first_name: firstName,
    last_name: 'Tester',
    gamemaster,
  });
  return { id: grant.user.id, kind: ActorKind.User, roles: gamemaster ? [UserRole.Gamemaster] : [] };
}
