import {
  CreateJunctureBody,
  JuncturesIndexQuery,
  JuncturesIndexView,
  JunctureView,
  Subjects,
  UpdateJunctureBody,
} from '@shotcaller/contracts';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';

/** The writable fields of a juncture; not `vehicle_ids`, as vehicles have no juncture. */
const JUNCTURE_FIELDS = ['name', 'description', 'active', 'faction_id', 'character_ids'] as const;

/** The junctures of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('junctures')
export class JuncturesController extends RecordRoutes({
  key: 'juncture',
  imageOwner: 'Juncture',
  subjects: Subjects.campaign.junctures,
  fields: JUNCTURE_FIELDS,
  view: JunctureView,
  list: {
    query: JuncturesIndexQuery,
    view: JuncturesIndexView,
    summary:
      'Junctures of your current campaign, paged (Rails index parameters, faction_id), with their factions',
  },
  create: {
    body: CreateJunctureBody,
    summary: 'Create a juncture in your current campaign (its gamemaster)',
  },
  get: { summary: 'One juncture of your current campaign, with its faction and characters' },
  update: {
    body: UpdateJunctureBody,
    summary: 'Change a juncture (the gamemaster); character_ids, when sent, replaces its characters',
  },
  delete: {
    summary:
      'Delete a juncture (the gamemaster); 422 associations_exist while characters, sites or parties belong to it, unless force=true unlinks them',
  },
}) {}
