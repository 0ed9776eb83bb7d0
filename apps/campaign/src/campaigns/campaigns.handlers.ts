import {
  CampaignIdPayload,
  CampaignsIndexQuery,
  CreateCampaignPayload,
  DeleteRecordPayload,
  SetCurrentCampaignBody,
  Subjects,
  UpdateCampaignPayload,
  type Actor,
  type CampaignsIndexView,
  type CampaignView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers, type Caller } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { CampaignsService } from './campaigns.service.js';

const { campaigns } = Subjects.campaign;

@RpcHandlers()
export class CampaignsHandlers {
  constructor(private readonly campaigns: CampaignsService) {}

  @RpcHandler(campaigns.list)
  list(query: CampaignsIndexQuery, @RpcActor() actor: Actor): Promise<CampaignsIndexView> {
    return this.campaigns.list(actor, query);
  }

  @RpcHandler(campaigns.get)
  get({ id }: CampaignIdPayload, @RpcActor() actor: Actor): Promise<CampaignView> {
    return this.campaigns.get(actor, id);
  }

  @RpcHandler(campaigns.create)
  create(
    { campaign }: CreateCampaignPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<CampaignView> {
    return this.campaigns.create(actor, campaign, caller);
  }

  @RpcHandler(campaigns.update)
  update(
    { id, campaign }: UpdateCampaignPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<CampaignView> {
    return this.campaigns.update(actor, id, campaign, caller);
  }

  @RpcHandler(campaigns.delete)
  async delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    await this.campaigns.delete(actor, id, force ?? false);
    return { deleted: true };
  }

  @RpcHandler(campaigns.getCurrent)
  getCurrent(_: object, @RpcActor() actor: Actor): Promise<CampaignView> {
    return this.campaigns.getCurrent(actor);
  }

  @RpcHandler(campaigns.setCurrent)
  setCurrent(
    { id }: SetCurrentCampaignBody,
    @RpcActor() actor: Actor,
  ): Promise<{ campaign: CampaignView | null }> {
    return this.campaigns.setCurrent(actor, id);
  }
}
