import { Inject, Injectable, Logger } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  ErrorCode,
  Messages,
  ServiceError,
  Subjects,
  type Actor,
  type CampaignView,
  type InvitationEvent,
  type InvitationFieldsDto,
  type InvitationRedeemedView,
  type InvitationRegistration,
  type InvitationsIndexView,
  type InvitationView,
  type PublicInvitationView,
  type RegisterThroughInvitationPayload,
} from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import { isUniqueViolation, SqlReads, unitOfWork, AfterCommit } from '@shotcaller/persistence';
import { canManageCampaign } from '../campaigns/campaign-access.rules.js';
import { Campaign, CampaignMembership } from '../campaigns/campaign.entity.js';
import { standingOf } from '../campaigns/campaign.queries.js';
import {
  actingUser,
  CAMPAIGN_ANNOUNCED,
  campaignView,
  findVisibleCampaign,
  readAsActor,
  type VisibleCampaign,
} from '../campaigns/campaigns.service.js';
import { TokenIssuer } from '../sessions/token-issuer.js';
import { RecordAnnouncer } from '../shared/record-announcer.js';
import { mailInvitation, mailJoined, mailNewAccount } from '../users/account-mails.js';
import { issueAccountToken } from '../users/account-tokens.rules.js';
import { MailJobs } from '../users/mail-jobs.js';
import { hashPassword } from '../users/password.js';
import { User } from '../users/user.entity.js';
import { fullName } from '../users/user.serializer.js';
import { Invitation, PENDING_EMAIL_UNIQUE } from './invitation.entity.js';
import { pendingInvitationsQuery, publicInvitationQuery } from './invitation.queries.js';
import {
  invitationKindErrors,
  inviteeErrors,
  joinedMessage,
  redeemOutcome,
  registrationOutcome,
  resendErrors,
  type InvitationAfterUse,
  type PendingState,
  type RegistrationOutcome,
} from './invitation.rules.js';
import { invitationFields, toInvitationView, toPublicInvitationView } from './invitation.serializer.js';

const NO_CURRENT_CAMPAIGN = 'No current campaign is set';
const INVITATION_NOT_FOUND = 'Invitation not found';
const GAMEMASTER_ONLY = 'Only the gamemaster can manage invitations';
const MEMBERSHIP_TAKEN = 'campaign_memberships_unique';
const EMAIL_TAKEN = 'users_email_unique';

type InvitationEventSubject =
  typeof Subjects.campaign.events.invitationCreated | typeof Subjects.campaign.events.invitationResent;

function pendingState(invitation: Invitation): PendingState {
  return {
    email: invitation.email ?? null,
    redeemed: invitation.redeemed,
    remainingCount: invitation.remainingCount ?? null,
  };
}

/** Records that one more person used the invitation. */
function markUsed(invitation: Invitation, after: InvitationAfterUse, now = new Date()): void {
  invitation.remainingCount = after.remainingCount;
  invitation.redeemed = after.redeemed;
  if (after.redeemed) invitation.redeemedAt = now;
  invitation.updatedAt = now;
}

/** Why a registration through an invitation is refused. */
function registrationRefusal(outcome: Exclude<RegistrationOutcome, { kind: 'register' }>): ServiceError {
  return outcome.kind === 'not_found'
    ? ServiceError.notFound(INVITATION_NOT_FOUND)
    : ServiceError.validation(outcome.errors);
}

/**
 * Invitations to a campaign. Its gamemaster invites by address or hands out a counted link; whoever holds one may
 * see the campaign it is to and join (signed in, or by making an account on the spot). Invitations never say
 * whether an address has an account.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly services: ServiceClient,
    private readonly afterCommit: AfterCommit,
    private readonly tokens: TokenIssuer,
    private readonly announcer: RecordAnnouncer,
    private readonly mail: MailJobs,
  ) {}

  /** The current campaign's pending invitations, newest first: its gamemaster's (or an admin's) to see. */
  async list(actor: Actor): Promise<InvitationsIndexView> {
    const { campaign } = await readAsActor(this.reads, actor, pendingInvitationsQuery(actor));
    if (!campaign || !(campaign.manages || campaign.plays)) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
    if (!campaign.manages) throw ServiceError.forbidden(GAMEMASTER_ONLY);
    return { invitations: campaign.invitations.map(toInvitationView) };
  }

  /** A pending invitation, for anyone holding its id: the campaign and who invited, nothing more. */
  async show(id: string): Promise<PublicInvitationView> {
    const invitation = await this.reads.first(publicInvitationQuery(id));
    if (!invitation) throw ServiceError.notFound(INVITATION_NOT_FOUND);
    return toPublicInvitationView(invitation);
  }

  /**
   * The gamemaster invites to their current campaign: an address (mailed the invitation, queued in the same
   * transaction), or a number of people.
   */
  async create(actor: Actor, fields: InvitationFieldsDto, caller?: Caller): Promise<InvitationView> {
    const kindErrors = invitationKindErrors(fields);
    if (kindErrors) throw ServiceError.validation(kindErrors);
    const em = unitOfWork(this.orm);
    let created: Invitation;
    try {
      created = await em.transactional(async (tx) => {
        const { user, campaign } = await this.managedCurrentCampaign(tx, actor);
        const email = fields.email?.toLowerCase();
        if (email !== undefined) {
          const isPlayer = (await tx.count(CampaignMembership, { campaign, user: { email } })) > 0;
          const errors = inviteeErrors({ email, gamemasterEmail: campaign.gamemaster.email, isPlayer });
          if (errors) throw ServiceError.validation(errors);
        }
        const invitation = tx.create(Invitation, {
          campaign,
          inviter: user,
          email: email ?? null,
          maximumCount: fields.maximum_count ?? null,
          remainingCount: fields.maximum_count ?? null,
        });
        await tx.flush();
        await this.mailInvitation(invitation, caller);
        return invitation;
      });
    } catch (error) {
      if (isUniqueViolation(error, PENDING_EMAIL_UNIQUE)) {
        throw ServiceError.validation({ email: ['has already been invited to this campaign'] });
      }
      throw error;
    }
    this.announce(em, Subjects.campaign.events.invitationCreated, created);
    return toInvitationView(invitationFields(created));
  }

  /** The signed-in user joins the invitation's campaign. */
  async redeem(actor: Actor, id: string, caller?: Caller): Promise<InvitationRedeemedView> {
    const em = unitOfWork(this.orm);
    let joined: { campaign: Campaign; view: CampaignView };
    try {
      joined = await em.transactional(async (tx) => {
        const user = await actingUser(tx, actor);
        const invitation = await this.lockInvitation(tx, id);
        if (!invitation) throw ServiceError.notFound(INVITATION_NOT_FOUND);
        const joining = await tx.findOneOrFail(Campaign, invitation.campaign.id, {
          populate: ['gamemaster'],
        });
        const standing = await standingOf(tx, user, joining);
        const outcome = redeemOutcome(pendingState(invitation), {
          email: user.email.toLowerCase(),
          isGamemaster: standing.isGamemaster,
          isMember: standing.isMember,
        });
        switch (outcome.kind) {
          case 'not_found':
            throw ServiceError.notFound(INVITATION_NOT_FOUND);
          case 'email_mismatch':
            throw new ServiceError(ErrorCode.Forbidden, `This invitation is for ${invitation.email}`, {
              mismatch: true,
              invitation_email: invitation.email,
              current_user_email: user.email,
            });
          case 'already_member':
            throw ServiceError.conflict(
              outcome.asGamemaster
                ? 'You are the gamemaster of this campaign'
                : 'Already a member of this campaign',
              { already_member: true, campaign: await campaignView(tx, joining) },
            );
          case 'join': {
            const now = new Date();
            tx.create(CampaignMembership, { campaign: joining, user });
            markUsed(invitation, outcome.after, now);
            await tx.flush();
            const view = await campaignView(tx, joining);
            await mailJoined(this.mail, user, joining, now, caller);
            return { campaign: joining, view };
          }
        }
      });
    } catch (error) {
      // Joined meanwhile, by another request of theirs.
      if (isUniqueViolation(error, MEMBERSHIP_TAKEN)) {
        throw ServiceError.conflict('Already a member of this campaign', { already_member: true });
      }
      throw error;
    }
    // A new player is a change of the campaign, announced as the memberships' changes are.
    this.announcer.announce(em, joined.campaign.id, CAMPAIGN_ANNOUNCED, joined.view);
    return { campaign: joined.view, message: joinedMessage(joined.campaign.name) };
  }

  /**
   * Makes an account through an invitation, as registration does, signed in at once, and joins the campaign: one
   * transaction, so a refused account joins nothing and a refused join makes no account.
   */
  async register(request: RegisterThroughInvitationPayload): Promise<InvitationRegistration> {
    // A missing or used invitation is refused before the password is hashed (tens of milliseconds of CPU).
    const seen = await unitOfWork(this.orm).findOne(Invitation, request.id);
    const early = registrationOutcome(seen ? pendingState(seen) : undefined, request.email);
    if (early.kind !== 'register') throw registrationRefusal(early);
    const passwordHash = await hashPassword(request.password);
    const em = unitOfWork(this.orm);
    let joined: { user: User; campaign: Campaign; view: CampaignView };
    try {
      joined = await em.transactional(async (tx) => {
        const invitation = await this.lockInvitation(tx, request.id);
        if (!invitation) throw ServiceError.notFound(INVITATION_NOT_FOUND);
        const outcome = registrationOutcome(pendingState(invitation), request.email);
        if (outcome.kind !== 'register') throw registrationRefusal(outcome);
        const campaign = await tx.findOneOrFail(Campaign, invitation.campaign.id, {
          populate: ['gamemaster'],
        });
        const now = new Date();
        const confirmation = issueAccountToken();
        const user = tx.create(User, {
          email: outcome.email,
          firstName: request.first_name,
          lastName: request.last_name,
          passwordHash,
          gamemaster: request.gamemaster ?? true,
          confirmationTokenDigest: confirmation.digest,
          confirmationSentAt: now,
        });
        tx.create(CampaignMembership, { campaign, user });
        markUsed(invitation, outcome.after, now);
        await tx.flush();
        const view = await campaignView(tx, campaign);
        await mailNewAccount(this.mail, user, confirmation.token, now);
        await mailJoined(this.mail, user, campaign, now);
        return { user, campaign, view };
      });
    } catch (error) {
      if (isUniqueViolation(error, EMAIL_TAKEN)) {
        // As registration answers it, with the flag the Rails-era client reads to send them to sign in instead.
        throw new ServiceError(ErrorCode.ValidationFailed, 'An account already exists for this address', {
          errors: { email: [Messages.taken] },
          has_account: true,
        });
      }
      throw error;
    }
    const { user, campaign, view } = joined;
    this.announcer.announce(em, campaign.id, CAMPAIGN_ANNOUNCED, view);
    return {
      ...(await this.tokens.registered(user)),
      campaign: view,
      message: `Account created. ${joinedMessage(campaign.name)}`,
    };
  }

  /** The gamemaster has an invitation's email sent again (queued in the same transaction). */
  async resend(actor: Actor, id: string, caller?: Caller): Promise<InvitationView> {
    const em = unitOfWork(this.orm);
    const invitation = await em.transactional(async (tx) => {
      const { campaign } = await this.managedCurrentCampaign(tx, actor);
      const found = await tx.findOne(
        Invitation,
        { id, campaign, redeemed: false },
        { populate: ['campaign', 'inviter'] },
      );
      if (!found) throw ServiceError.notFound(INVITATION_NOT_FOUND);
      const errors = resendErrors(pendingState(found));
      if (errors) throw ServiceError.validation(errors);
      found.updatedAt = new Date();
      await tx.flush();
      await this.mailInvitation(found, caller);
      return found;
    });
    this.announce(em, Subjects.campaign.events.invitationResent, invitation);
    return toInvitationView(invitationFields(invitation));
  }

  /** The gamemaster withdraws an invitation of their current campaign. */
  async delete(actor: Actor, id: string): Promise<{ deleted: true }> {
    const em = unitOfWork(this.orm);
    const { campaign } = await this.managedCurrentCampaign(em, actor);
    const deleted = await em.nativeDelete(Invitation, { id, campaign: campaign.id });
    if (deleted === 0) throw ServiceError.notFound(INVITATION_NOT_FOUND);
    return { deleted: true };
  }

  /** The acting user's current campaign, which they must manage (its gamemaster, or an admin). */
  private async managedCurrentCampaign(
    em: EntityManager,
    actor: Actor,
  ): Promise<VisibleCampaign & { user: User }> {
    const user = await actingUser(em, actor);
    if (!user.currentCampaignId) throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
    let visible: VisibleCampaign;
    try {
      visible = await findVisibleCampaign(em, user, user.currentCampaignId);
    } catch (error) {
      if (error instanceof ServiceError && error.code === ErrorCode.NotFound) {
        throw ServiceError.notFound(NO_CURRENT_CAMPAIGN);
      }
      throw error;
    }
    if (!canManageCampaign(visible.standing)) throw ServiceError.forbidden(GAMEMASTER_ONLY);
    return { ...visible, user };
  }

  /**
   * Queues an email invitation's mail, as the last step of the transaction that made (or resent) it: a refused
   * enqueue rolls it back (see account-mails.ts for the other order). Its `updated_at` tells a resend from a
   * retry. A counted invitation has no address, and no mail.
   */
  private async mailInvitation(invitation: Invitation, caller: Caller | undefined): Promise<void> {
    if (!invitation.email) return;
    await mailInvitation(
      this.mail,
      {
        id: invitation.id,
        email: invitation.email,
        inviterName: fullName(invitation.inviter),
        campaignName: invitation.campaign.name,
      },
      invitation.updatedAt,
      caller,
    );
  }

  /** The invitation, locked for the rest of the transaction: two people cannot take a counted link's last place. */
  private lockInvitation(tx: EntityManager, id: string): Promise<Invitation | null> {
    return tx.findOne(Invitation, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /**
   * Announces an invitation once it is committed (the mail itself is queued by the transaction). Best effort,
   * like every event: the answer does not wait for it, and a failure is logged.
   */
  private announce(em: EntityManager, subject: InvitationEventSubject, invitation: Invitation): void {
    const event: InvitationEvent = {
      invitation_id: invitation.id,
      campaign_id: invitation.campaign.id,
      campaign_name: invitation.campaign.name,
      email: invitation.email ?? null,
      maximum_count: invitation.maximumCount ?? null,
      inviter_id: invitation.inviter.id,
      inviter_name: fullName(invitation.inviter),
    };
    this.afterCommit.run(em, () => {
      this.services.publish(subject, event).catch((error: unknown) => {
        this.logger.warn({ err: error, invitation_id: invitation.id }, 'Could not announce an invitation');
      });
    });
  }
}
