import { sql } from 'kysely';
import type { Actor } from '@shotcaller/contracts';
import { preparedRead } from '@shotcaller/persistence';
import {
  actorColumn,
  actorValues,
  characterVisible,
  currentCampaignIdColumn,
  imagePositionsOf,
  signedIn,
  type ActorValues,
} from '../shared/campaign-scope.queries.js';
import { POSITIONABLE_TABLES, type CampaignPositionableType } from './image-position.rules.js';

const positionsRead = preparedRead((type: CampaignPositionableType, $: ActorValues & { id: string }) => {
  const table = sql.table(POSITIONABLE_TABLES[type]);
  // A campaign is its own campaign.
  const campaignColumn = sql.ref(type === 'Campaign' ? 't.id' : 't.campaign_id');
  // A template character is an admin's: to anyone else it is not there.
  const visible = type === 'Character' ? sql`and ${characterVisible('t')}` : sql``;
  return signedIn($).select([
    currentCampaignIdColumn(),
    sql<boolean>`exists (select 1 from ${table} t where t.id = ${$.id} and ${campaignColumn} = ${actorColumn('current_campaign_id')} ${visible})`.as(
      'found',
    ),
    imagePositionsOf(type, sql<string>`${$.id}`),
  ]);
});

/**
 * One statement: the actor's current campaign (null when none is set or not theirs to see), whether the record
 * named is of it (a template character only for an admin), and the positions of its image.
 */
export function imagePositionsQuery(actor: Actor, type: CampaignPositionableType, id: string) {
  return positionsRead(type, { ...actorValues(actor), id });
}
