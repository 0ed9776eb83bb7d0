import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ServiceError,
  Subjects,
  type Actor,
  type CampaignView,
  type MembershipDto,
  type RemoveMembershipQuery,
} from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import { isUniqueViolation, unitOfWork } from '@shotcaller/persistence';
import { canRemoveMember } from '../campaigns/campaign-access.rules.js';
import { CampaignMembership } from '../campaigns/campaign.entity.js';
import {
  actingUser,
  CAMPAIGN_ANNOUNCED,
  campaignView,
  findVisibleCampaign,
  requireManager,
} from '../campaigns/campaigns.service.js';
import { RecordAnnouncer } from '../shared/record-announcer.js';
import { mailJoined, mailRemoved } from '../users/account-mails.js';
import { MailJobs } from '../users/mail-jobs.js';
import { User } from '../users/user.entity.js';

/**
 * Who plays in a campaign. A change of its players is a change of the campaign: it is announced as its update
 * (`{campaign: <view>}` then `{campaigns: "reload"}`) once committed. A player who leaves or is removed is also
 * announced on `campaign.membership.ended`, so that the gateways end their realtime subscriptions to it.
 */
@Injectable()
export class MembershipsService {
  private readonly logger = new Logger(MembershipsService.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly announcer: RecordAnnouncer,
    private readonly services: ServiceClient,
    private readonly mail: MailJobs,
  ) {}

  /**
   * The gamemaster adds a player by user id; answers the campaign with them. The player's "joined" mail is queued
   * as the transaction's last step: a refused enqueue adds nobody.
   */
  async add(actor: Actor, request: MembershipDto, caller?: Caller): Promise<CampaignView> {
    const em = unitOfWork(this.orm);
    let view: CampaignView;
    try {
      view = await em.transactional(async (tx) => {
        const { campaign, standing } = await findVisibleCampaign(
          tx,
          await actingUser(tx, actor),
          request.campaign_id,
        );
        requireManager(standing);
        const player = await tx.findOne(User, request.user_id);
        if (!player) throw ServiceError.notFound('No user with that id');
        if (player.id === campaign.gamemaster.id) {
          throw ServiceError.validation({ user_id: ['is the gamemaster of this campaign'] });
        }
        tx.create(CampaignMembership, { campaign, user: player });
        await tx.flush();
        const view = await campaignView(tx, campaign);
        await mailJoined(this.mail, player, campaign, new Date(), caller);
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'campaign_memberships_unique')) {
        throw ServiceError.conflict('That user is already a member of this campaign');
      }
      throw error;
    }
    this.announcer.announce(em, view.id, CAMPAIGN_ANNOUNCED, view);
    return view;
  }

  /**
   * The gamemaster removes a player (who is mailed so, queued as the transaction's last step: a refused enqueue
   * removes nobody), or a player leaves (no mail: they know).
   */
  async remove(actor: Actor, request: RemoveMembershipQuery, caller?: Caller): Promise<{ removed: true }> {
    const em = unitOfWork(this.orm);
    const view = await em.transactional(async (tx) => {
      const { campaign, standing } = await findVisibleCampaign(
        tx,
        await actingUser(tx, actor),
        request.campaign_id,
      );
      if (!canRemoveMember(standing, actor.id, request.user_id)) {
        throw ServiceError.forbidden('Only the gamemaster can remove other members');
      }
      const removed = await tx.nativeDelete(CampaignMembership, {
        campaign: campaign.id,
        user: request.user_id,
      });
      if (removed === 0) throw ServiceError.notFound('That user is not a member of this campaign');
      await tx.nativeUpdate(
        User,
        { id: request.user_id, currentCampaignId: campaign.id },
        { currentCampaignId: null },
      );
      const view = await campaignView(tx, campaign);
      if (request.user_id !== actor.id) {
        const removed = await tx.findOneOrFail(User, request.user_id, {
          fields: ['email', 'firstName'],
        });
        await mailRemoved(this.mail, removed, campaign, new Date(), caller);
      }
      return view;
    });
    this.announcer.announce(em, view.id, CAMPAIGN_ANNOUNCED, view);
    const ended = { campaign_id: view.id, user_id: request.user_id };
    this.services.publish(Subjects.campaign.events.membershipEnded, ended).catch((error: unknown) => {
      this.logger.warn({ err: error, ...ended }, 'Could not announce the end of a membership');
    });
    return { removed: true };
  }
}
