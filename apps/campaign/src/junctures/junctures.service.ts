import { Injectable } from '@nestjs/common';
import {
  ServiceError,
  type Actor,
  type JunctureChangesDto,
  type JunctureFieldsDto,
  type JuncturesIndexQuery,
  type JuncturesIndexView,
  type JunctureView,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { Character } from '../characters/character.entity.js';
import { Party } from '../parties/party.entity.js';
import {
  CampaignRecordChanges,
  factionRecordIndex,
  readInCampaign,
  type MemberEntities,
  type RecordKind,
} from '../shared/campaign-records.service.js';
import { Site } from '../sites/site.entity.js';
import { Juncture } from './juncture.entity.js';
import { junctureRecordQuery, juncturesReads } from './juncture.queries.js';
import { toJunctureAutocompleteView, toJunctureLiteView, toJunctureView } from './juncture.serializer.js';

/** The records with an optional juncture, by their list on it (vehicles have none). */
const MEMBERS: MemberEntities = { characters: Character, sites: Site, parties: Party };

export const JUNCTURE: RecordKind = {
  entity: 'juncture',
  plural: 'junctures',
  nameUnique: 'junctures_campaign_name_unique',
  gamemasterOnly: 'Only the gamemaster can change junctures',
  members: { property: 'juncture', entities: MEMBERS },
  writableLists: ['characters'],
};

/**
 * The junctures of the caller's current campaign. Its members and gamemaster read them; its gamemaster (or an
 * admin) changes them, linked only to the campaign's own faction and characters. To anyone else the campaign's
 * junctures do not exist (404).
 */
@Injectable()
export class JuncturesService {
  constructor(
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  list(actor: Actor, query: JuncturesIndexQuery): Promise<JuncturesIndexView> {
    const views = { lite: toJunctureLiteView, link: toJunctureAutocompleteView };
    return factionRecordIndex(this.reads, actor, query, 'junctures', juncturesReads, views);
  }

  async get(actor: Actor, id: string): Promise<JunctureView> {
    const { juncture } = await readInCampaign(this.reads, actor, junctureRecordQuery(actor, id));
    if (!juncture) throw ServiceError.notFound();
    return toJunctureView(juncture);
  }

  create(actor: Actor, fields: JunctureFieldsDto): Promise<JunctureView> {
    return this.records.save(JUNCTURE, actor, Juncture, undefined, fields, this.reread(actor));
  }

  update(actor: Actor, id: string, changes: JunctureChangesDto): Promise<JunctureView> {
    return this.records.save(JUNCTURE, actor, Juncture, id, changes, this.reread(actor));
  }

  /** Deletes a juncture nothing belongs to; with `force`, what belongs to it stays, without a juncture. */
  delete(actor: Actor, id: string, force = false): Promise<{ deleted: true }> {
    return this.records.delete(JUNCTURE, actor, Juncture, id, force);
  }

  /** The juncture as it reads inside the transaction of its change (so with its writes). */
  private reread(actor: Actor) {
    return async (id: string) => {
      const { juncture } = await readAsActor(this.reads, actor, junctureRecordQuery(actor, id));
      return juncture && toJunctureView(juncture);
    };
  }
}
