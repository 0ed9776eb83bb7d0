import {
  CreateFactionBody,
  FactionsIndexQuery,
  FactionsIndexView,
  FactionView,
  Subjects,
  UpdateFactionBody,
} from '@shotcaller/contracts';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';

const FACTION_FIELDS = [
  'name',
  'description',
  'active',
  'character_ids',
  'vehicle_ids',
  'party_ids',
  'site_ids',
  'juncture_ids',
] as const;

/** The factions of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('factions')
export class FactionsController extends RecordRoutes({
  key: 'faction',
  imageOwner: 'Faction',
  subjects: Subjects.campaign.factions,
  fields: FACTION_FIELDS,
  view: FactionView,
  list: {
    query: FactionsIndexQuery,
    view: FactionsIndexView,
    summary: 'Factions of your current campaign, paged (Rails index parameters)',
  },
  create: { body: CreateFactionBody, summary: 'Create a faction in your current campaign (its gamemaster)' },
  get: { summary: 'One faction of your current campaign, with what belongs to it' },
  update: {
    body: UpdateFactionBody,
    summary: 'Change a faction (the gamemaster); each *_ids list sent replaces that list',
  },
  delete: {
    summary:
      'Delete a faction (the gamemaster); 422 associations_exist while records belong to it, unless force=true unlinks them',
  },
}) {}
