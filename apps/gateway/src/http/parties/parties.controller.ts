import {
  CreatePartyBody,
  PartiesIndexQuery,
  PartiesIndexView,
  PartyView,
  Subjects,
  UpdatePartyBody,
} from '@shotcaller/contracts';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';

const PARTY_FIELDS = [
  'name',
  'description',
  'active',
  'faction_id',
  'juncture_id',
  'character_ids',
  'vehicle_ids',
] as const;

/** The parties of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('parties')
export class PartiesController extends RecordRoutes({
  key: 'party',
  imageOwner: 'Party',
  subjects: Subjects.campaign.parties,
  fields: PARTY_FIELDS,
  view: PartyView,
  list: {
    query: PartiesIndexQuery,
    view: PartiesIndexView,
    summary:
      'Parties of your current campaign, paged (Rails index parameters, faction_id, juncture_id, character_id, vehicle_id), with their factions',
  },
  create: { body: CreatePartyBody, summary: 'Create a party in your current campaign (its gamemaster)' },
  get: { summary: 'One party of your current campaign, with its faction, juncture, characters and vehicles' },
  update: {
    body: UpdatePartyBody,
    summary: 'Change a party (the gamemaster); character_ids and vehicle_ids, when sent, replace its members',
  },
  delete: {
    summary:
      'Delete a party (the gamemaster); 422 associations_exist while it has members, unless force=true ends their memberships',
  },
}) {}
