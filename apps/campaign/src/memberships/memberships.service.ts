import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type CampaignView,
  type MembershipDto,
  type RemoveMembershipQuery,
} from '@shotcaller/contracts';
import { isUniqueViolation, unitOfWork } from '@shotcaller/persistence';
import { canRemoveMember } from '../campaigns/campaign-access.rules.js';
import { CampaignMembership } from '../campaigns/campaign.entity.js';
import {
  actingUser,
  campaignView,
  findVisibleCampaign,
  requireManager,
} from '../campaigns/campaigns.service.js';
import { User } from '../users/user.entity.js';

@Injectable()
export class MembershipsService {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** The gamemaster adds a player by user id. */
  async add(actor: Actor, request: MembershipDto): Promise<CampaignView> {
    const em = unitOfWork(this.orm);
    const { campaign, standing } = await findVisibleCampaign(
      em,
      await actingUser(em, actor),
      request.campaign_id,
    );
    requireManager(standing);
    const player = await em.findOne(User, request.user_id);
    if (!player) throw ServiceError.notFound('No user with that id');
    if (player.id === campaign.gamemaster.id) {
      throw ServiceError.validation({ user_id: ['is the gamemaster of this campaign'] });
    }
    try {
      em.create(CampaignMembership, { campaign, user: player });
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error, 'campaign_memberships_unique')) {
        throw ServiceError.conflict('That user is already a member of this campaign');
      }
      throw error;
    }
    return campaignView(em, campaign);
  }

  /** The gamemaster removes a player, or a player leaves. */
  async remove(actor: Actor, request: RemoveMembershipQuery): Promise<{ removed: true }> {
    const em = unitOfWork(this.orm);
    const { campaign, standing } = await findVisibleCampaign(
      em,
      await actingUser(em, actor),
      request.campaign_id,
    );
    if (!canRemoveMember(standing, actor.id, request.user_id)) {
      throw ServiceError.forbidden('Only the gamemaster can remove other members');
    }
    await em.transactional(async (tx) => {
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
    });
    return { removed: true };
  }
}
