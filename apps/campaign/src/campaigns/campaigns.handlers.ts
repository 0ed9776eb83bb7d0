import { MessagePattern, Payload } from '@nestjs/microservices';
import { RpcActor } from '@shotcaller/auth';
import {
  CampaignIdPayload,
  CampaignsIndexQuery,
  CreateCampaignPayload,
  EmptyPayload,
  SetCurrentCampaignBody,
  Subjects,
  UpdateCampaignPayload,
  type Actor,
  type CampaignsIndexView,
  type CampaignView,
} from '@shotcaller/contracts';
import { RpcHandlers } from '@shotcaller/messaging';
import { CampaignsService } from './campaigns.service.js';

@RpcHandlers()
export class CampaignsHandlers {
  constructor(private readonly campaigns: CampaignsService) {}

  @MessagePattern(Subjects.campaign.campaigns.list)
  list(@RpcActor() actor: Actor, @Payload() query: CampaignsIndexQuery): Promise<CampaignsIndexView> {
    return this.campaigns.list(actor, query);
  }

  @MessagePattern(Subjects.campaign.campaigns.get)
  get(@RpcActor() actor: Actor, @Payload() { id }: CampaignIdPayload): Promise<CampaignView> {
    return this.campaigns.get(actor, id);
  }

  @MessagePattern(Subjects.campaign.campaigns.create)
  create(@RpcActor() actor: Actor, @Payload() { campaign }: CreateCampaignPayload): Promise<CampaignView> {
    return this.campaigns.create(actor, campaign);
  }

  @MessagePattern(Subjects.campaign.campaigns.update)
  update(
    @RpcActor() actor: Actor,
    @Payload() { id, campaign }: UpdateCampaignPayload,
  ): Promise<CampaignView> {
    return this.campaigns.update(actor, id, campaign);
  }

  @MessagePattern(Subjects.campaign.campaigns.delete)
  async delete(@RpcActor() actor: Actor, @Payload() { id }: CampaignIdPayload): Promise<{ deleted: true }> {
    await this.campaigns.delete(actor, id);
    return { deleted: true };
  }

  @MessagePattern(Subjects.campaign.campaigns.getCurrent)
  getCurrent(@RpcActor() actor: Actor, @Payload() _: EmptyPayload): Promise<CampaignView> {
    return this.campaigns.getCurrent(actor);
  }

  @MessagePattern(Subjects.campaign.campaigns.setCurrent)
  setCurrent(
    @RpcActor() actor: Actor,
    @Payload() { id }: SetCurrentCampaignBody,
  ): Promise<{ campaign: CampaignView | null }> {
    return this.campaigns.setCurrent(actor, id ?? null);
  }
}
