import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  DEFAULT_PER_PAGE,
  Messages,
  paginationMeta,
  ServiceError,
  Subjects,
  type Actor,
  type ChangePasswordBody,
  type PasswordChanged,
  type TokenState,
  type CurrentUserView,
  type ProfileUpdateResult,
  type RegisterUserDto,
  type RegistrationGrant,
  type UpdateProfileDto,
  type UsersIndexQuery,
  type UsersIndexView,
} from '@shotcaller/contracts';
import { isUniqueViolation, pageWindow, SqlReads, unitOfWork } from '@shotcaller/persistence';
import { Campaign } from '../campaigns/campaign.entity.js';
import { currentUserQuery, usersIndexQuery, visibleCampaigns } from '../campaigns/campaign.queries.js';
import { actingUser, readAsActor } from '../campaigns/campaigns.service.js';
import { TokenIssuer } from '../sessions/token-issuer.js';
import { ServiceClient } from '@shotcaller/messaging';
import { issueAccountToken } from './account-tokens.rules.js';
import { mailNewAccount } from './account-mails.js';
import { MailJobs } from './mail-jobs.js';
import { hashPassword, verifyPassword } from './password.js';
import { User } from './user.entity.js';
import { OnboardingProgress } from './onboarding-progress.entity.js';
import {
  NO_ONBOARDING_TIMESTAMPS,
  onboardingProgressView,
  onboardingTimestampsOf,
  type OnboardingTimestamps,
} from './onboarding.rules.js';
import {
  tokenStateOf,
  toUserCampaignView,
  toUserLiteView,
  toUserView,
  type UserCampaignFields,
  type UserFields,
} from './user.serializer.js';

const EMAIL_TAKEN = 'users_email_unique';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly tokens: TokenIssuer,
    private readonly services: ServiceClient,
    private readonly reads: SqlReads,
    private readonly mail: MailJobs,
  ) {}

  /**
   * Creates an account and signs it in; the welcome and confirmation mails are queued in the same transaction. A
   * taken email is a field error, and a refused enqueue fails the request: either way nothing is written.
   */
  async register(request: RegisterUserDto): Promise<RegistrationGrant> {
    const passwordHash = await hashPassword(request.password);
    const em = unitOfWork(this.orm);
    let user: User;
    try {
      user = await em.transactional(async (tx) => {
        const confirmation = issueAccountToken();
        const sentAt = new Date();
        const created = tx.create(User, {
          email: request.email.toLowerCase(),
          firstName: request.first_name,
          lastName: request.last_name,
          passwordHash,
          gamemaster: request.gamemaster ?? true,
          confirmationTokenDigest: confirmation.digest,
          confirmationSentAt: sentAt,
        });
        await tx.flush();
        await mailNewAccount(this.mail, created, confirmation.token, sentAt);
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error, EMAIL_TAKEN)) throw ServiceError.validation({ email: [Messages.taken] });
      throw error;
    }
    return this.tokens.registered(user);
  }

  /** The signed-in user with the campaigns they run and play in. */
  async current(actor: Actor): Promise<CurrentUserView> {
    const user = await readAsActor(this.reads, actor, currentUserQuery(actor));
    return currentUserView(user, user.campaigns, user.onboardingProgress);
  }

  /**
   * Changes a profile: one's own, or anyone's for an admin. Only an admin changes `active`; deactivating an account
   * ends its tokens. One's own change comes with a fresh token (the gateway ends the one it replaces).
   */
  async updateProfile(actor: Actor, userId: string, changes: UpdateProfileDto): Promise<ProfileUpdateResult> {
    const em = unitOfWork(this.orm);
    const me = await actingUser(em, actor);
    if (me.id !== userId && !me.admin) {
      throw ServiceError.forbidden('You can only edit your own profile');
    }
    if (changes.active !== undefined && !me.admin) {
      throw ServiceError.forbidden('Only an admin can activate or deactivate an account');
    }
    const user = me.id === userId ? me : await em.findOne(User, userId);
    if (!user) throw ServiceError.notFound();
    if (changes.email !== undefined) user.email = changes.email.toLowerCase();
    if (changes.first_name !== undefined) user.firstName = changes.first_name;
    if (changes.last_name !== undefined) user.lastName = changes.last_name;
    const deactivating = changes.active === false && user.active;
    if (changes.active !== undefined) user.active = changes.active;
    if (deactivating) user.tokenVersion += 1;
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error, EMAIL_TAKEN)) throw ServiceError.validation({ email: [Messages.taken] });
      throw error;
    }
    if (changes.active !== undefined) await this.announceTokens(user);
    const view = await this.currentView(user);
    if (user.id !== me.id || !user.active) return { user: view };
    const { token } = await this.tokens.grant(user);
    return { user: view, token };
  }

  /**
   * Changes one's password, proven by the current one. Every token issued before ends (other devices are signed
   * out); the answer carries a fresh token for this one.
   */
  async changePassword(actor: Actor, request: ChangePasswordBody): Promise<PasswordChanged> {
    const em = unitOfWork(this.orm);
    const user = await actingUser(em, actor);
    if (!(await verifyPassword(user.passwordHash, request.current_password))) {
      throw ServiceError.validation({ current_password: [Messages.invalid] });
    }
    user.passwordHash = await hashPassword(request.password);
    user.tokenVersion += 1;
    await em.flush();
    await this.announceTokens(user);
    const { token } = await this.tokens.grant(user);
    return { token };
  }

  /** Signs out everywhere: every token issued so far ends, this one included. */
  async endSessions(actor: Actor): Promise<TokenState> {
    const em = unitOfWork(this.orm);
    const user = await actingUser(em, actor);
    user.tokenVersion += 1;
    await em.flush();
    await this.announceTokens(user);
    return tokenStateOf(user);
  }

  /** A user's current token version and whether the account is active (unknown users: no valid tokens). */
  async tokenState(userId: string): Promise<TokenState> {
    const user = await unitOfWork(this.orm).findOne(User, userId, { fields: ['tokenVersion', 'active'] });
    return user ? tokenStateOf(user) : { token_version: -1, active: false };
  }

  /**
   * Tells every gateway that a user's older tokens have ended, so they stop accepting them at once rather than
   * when their cached token state expires. Best effort: the change is already committed.
   */
  async announceTokens(user: User): Promise<void> {
    try {
      await this.services.publish(Subjects.campaign.events.userTokensChanged, {
        user_id: user.id,
        ...tokenStateOf(user),
      });
    } catch (error) {
      this.logger.warn({ err: error, user_id: user.id }, 'Could not announce ended tokens');
    }
  }

  /**
   * Users the caller may see: admins see everyone; others see the people they share a campaign with (and
   * themselves). `campaign_id` narrows to one campaign's gamemaster and members.
   */
  async list(actor: Actor, query: UsersIndexQuery): Promise<UsersIndexView> {
    const window = pageWindow(query.page, query.per_page ?? DEFAULT_PER_PAGE);
    const { campaignVisible, total, users } = await readAsActor(
      this.reads,
      actor,
      usersIndexQuery(actor, query, window),
    );
    // To outsiders a campaign does not exist.
    if (!campaignVisible) throw ServiceError.notFound();
    return {
      users: users.map(toUserLiteView),
      meta: paginationMeta(total, window.page, window.perPage),
    };
  }

  /** The user with the campaigns they run and play in (after a profile change). */
  private async currentView(user: User): Promise<CurrentUserView> {
    const em = unitOfWork(this.orm);
    const campaigns = await em.find(Campaign, await visibleCampaigns(em, user.id), {
      orderBy: { createdAt: 'desc', id: 'asc' },
    });
    const progress = await em.findOne(OnboardingProgress, { user: user.id });
    return currentUserView(user, campaigns, progress && onboardingTimestampsOf(progress));
  }
}

/**
 * A user with the campaigns they run and play in (given every one of them newest first) and their onboarding
 * checklist (null: nothing reached yet).
 */
function currentUserView(
  user: UserFields,
  campaigns: UserCampaignFields[],
  onboarding: OnboardingTimestamps | null,
): CurrentUserView {
  const running = campaigns.filter((campaign) => campaign.gamemaster.id === user.id);
  const playing = campaigns.filter((campaign) => campaign.gamemaster.id !== user.id);
  return {
    ...toUserView(user),
    campaigns: running.map(toUserCampaignView),
    player_campaigns: playing.map(toUserCampaignView),
    onboarding_progress: onboardingProgressView(user.id, onboarding ?? NO_ONBOARDING_TIMESTAMPS),
  };
}
