import {
  CreateSiteBody,
  SitesIndexQuery,
  SitesIndexView,
  SiteView,
  Subjects,
  UpdateSiteBody,
} from '@shotcaller/contracts';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';

const SITE_FIELDS = ['name', 'description', 'active', 'faction_id', 'juncture_id', 'character_ids'] as const;

/** The sites of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('sites')
export class SitesController extends RecordRoutes({
  key: 'site',
  imageOwner: 'Site',
  subjects: Subjects.campaign.sites,
  fields: SITE_FIELDS,
  view: SiteView,
  list: {
    query: SitesIndexQuery,
    view: SitesIndexView,
    summary:
      'Sites of your current campaign, paged (Rails index parameters, faction_id, juncture_id, character_id), with their factions',
  },
  create: { body: CreateSiteBody, summary: 'Create a site in your current campaign (its gamemaster)' },
  get: { summary: 'One site of your current campaign, with its faction, juncture and attuned characters' },
  update: {
    body: UpdateSiteBody,
    summary: 'Change a site (the gamemaster); character_ids, when sent, replaces who is attuned to it',
  },
  delete: {
    summary:
      'Delete a site (the gamemaster); 422 associations_exist while characters are attuned to it, unless force=true ends their attunements',
  },
}) {}
