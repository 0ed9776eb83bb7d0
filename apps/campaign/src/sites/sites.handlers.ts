import {
  CreateSitePayload,
  DeleteRecordPayload,
  RecordIdPayload,
  SitesIndexQuery,
  Subjects,
  UpdateSitePayload,
  type Actor,
  type SitesIndexView,
  type SiteView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { SitesService } from './sites.service.js';

const { sites } = Subjects.campaign;

@RpcHandlers()
export class SitesHandlers {
  constructor(private readonly sites: SitesService) {}

  @RpcHandler(sites.list)
  list(query: SitesIndexQuery, @RpcActor() actor: Actor): Promise<SitesIndexView> {
    return this.sites.list(actor, query);
  }

  @RpcHandler(sites.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<SiteView> {
    return this.sites.get(actor, id);
  }

  @RpcHandler(sites.create)
  create({ site }: CreateSitePayload, @RpcActor() actor: Actor): Promise<SiteView> {
    return this.sites.create(actor, site);
  }

  @RpcHandler(sites.update)
  update({ id, site }: UpdateSitePayload, @RpcActor() actor: Actor): Promise<SiteView> {
    return this.sites.update(actor, id, site);
  }

  @RpcHandler(sites.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.sites.delete(actor, id, force ?? false);
  }
}
