import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Subjects, type InvitationRegistration, type RegistrationGrant } from '@shotcaller/contracts';
import { IdempotentRequests } from '@shotcaller/persistence';
import { User } from '../users/user.entity.js';
import { TokenIssuer } from './token-issuer.js';

/** The wire subject (inside the environment's namespace) of a registration. */
function isRegistration(subject: string): boolean {
  const register = Subjects.campaign.users.register;
  return subject === register || subject.endsWith(`.${register}`);
}

/** The wire subject of a registration through an invitation: its answer carries a token too, and the campaign. */
function isInvitationRegistration(subject: string): boolean {
  const register = Subjects.campaign.invitations.register;
  return subject === register || subject.endsWith(`.${register}`);
}

type StoredInvitationRegistration = { user_id: string } & Pick<
  InvitationRegistration,
  'campaign' | 'message'
>;

/**
 * Idempotent requests of the campaign service. A registration's answer carries an access token, which is never
 * stored: the record keeps the new account's id, and a retry is signed in afresh to that account (or, while its
 * address must be confirmed first, answered without a token as the first time).
 */
@Injectable()
export class CampaignIdempotentRequests extends IdempotentRequests {
  constructor(
    @Inject(MikroORM) orm: MikroORM,
    private readonly tokens: TokenIssuer,
  ) {
    super(orm);
  }

  protected override toStored(subject: string, response: unknown): unknown {
    if (isRegistration(subject)) return { user_id: (response as RegistrationGrant).user.id };
    if (isInvitationRegistration(subject)) {
      const { user, campaign, message } = response as InvitationRegistration;
      const stored: StoredInvitationRegistration = { user_id: user.id, campaign, message };
      return stored;
    }
    return response;
  }

  protected override async fromStored(subject: string, stored: unknown, tx: EntityManager): Promise<unknown> {
    if (isInvitationRegistration(subject)) {
      const { user_id, campaign, message } = stored as StoredInvitationRegistration;
      const grant = await this.tokens.registered(await tx.findOneOrFail(User, user_id));
      return { ...grant, campaign, message } satisfies InvitationRegistration;
    }
    if (!isRegistration(subject)) return stored;
    const user = await tx.findOneOrFail(User, (stored as { user_id: string }).user_id);
    return this.tokens.registered(user);
  }
}
