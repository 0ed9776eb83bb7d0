import { Body, Query } from '@nestjs/common';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateSiteBody,
  DeleteRecordQuery,
  SitesIndexQuery,
  SitesIndexView,
  SiteView,
  Subjects,
  UpdateSiteBody,
  type CreateSiteInput,
  type SiteChangesDto,
  type UpdateSiteInput,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import {
  CreateRecordRoute,
  DeleteRecordRoute,
  deletePayload,
  GetRecordRoute,
  ListRecordsRoute,
  RecordsController,
  UpdateRecordRoute,
} from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';
import { writableFields } from '../shared/writable-fields.js';

const { sites } = Subjects.campaign;

const SITE_FIELDS = ['name', 'description', 'active', 'faction_id', 'juncture_id', 'character_ids'] as const;

/** The writable fields of a site body: the client sends the whole record back; the rest is dropped here. */
function writableSiteFields(input: CreateSiteInput | UpdateSiteInput): SiteChangesDto {
  return writableFields(input, SITE_FIELDS);
}

/** The sites of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('sites')
export class SitesController {
  constructor(private readonly services: ServiceClient) {}

  @ListRecordsRoute(
    SitesIndexView,
    'Sites of your current campaign, paged (Rails index parameters, faction_id, juncture_id, character_id), with their factions',
  )
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: SitesIndexQuery,
  ): Promise<ServiceAnswer<SitesIndexView>> {
    return this.services.relay(sites.list, query, { caller });
  }

  @CreateRecordRoute('site', SiteView, 'Create a site in your current campaign (its gamemaster)')
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateSiteBody,
  ): Promise<ServiceAnswer<SiteView>> {
    const site = { name: body.site.name, ...writableSiteFields(body.site) };
    return this.services.relay(sites.create, { site }, { caller });
  }

  @GetRecordRoute(
    SiteView,
    'One site of your current campaign, with its faction, juncture and attuned characters',
  )
  get(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<ServiceAnswer<SiteView>> {
    return this.services.relay(sites.get, { id }, { caller });
  }

  @UpdateRecordRoute(
    'site',
    SiteView,
    'Change a site (the gamemaster); character_ids, when sent, replaces who is attuned to it',
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateSiteBody,
  ): Promise<ServiceAnswer<SiteView>> {
    return this.services.relay(sites.update, { id, site: writableSiteFields(body.site) }, { caller });
  }

  @DeleteRecordRoute(
    'Delete a site (the gamemaster); 422 associations_exist while characters are attuned to it, unless force=true ends their attunements',
  )
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() query: DeleteRecordQuery,
  ): Promise<void> {
    await this.services.request(sites.delete, deletePayload(id, query), { caller });
  }
}
