import type { RawBuilder } from 'kysely';
import { columnsOf, jsonArrayFrom } from '@shotcaller/persistence';
import {
  characterLitesOf,
  characterVisible,
  reads,
  type CampaignRecordsReadSchema,
} from '../shared/campaign-scope.queries.js';
import {
  linkedRecordColumn,
  factionRecordIndexReads,
  recordColumns,
  recordRead,
} from '../shared/record-index.queries.js';

const site = columnsOf<CampaignRecordsReadSchema['sites']>('r');

/** Site `r`'s own columns, its faction and juncture, as SiteRow (see site.serializer.ts). */
export function siteColumns() {
  return [
    ...recordColumns('Site'),
    site('campaign_id').as('campaignId'),
    site('faction_id').as('factionId'),
    site('juncture_id').as('junctureId'),
    linkedRecordColumn('faction'),
    linkedRecordColumn('juncture'),
  ] as const;
}

/** Names of the characters attuned to site `id` (`r`) that the actor may see, as a list row shows them. */
export function characterNamesColumn(id: RawBuilder<string> = site('id')) {
  return jsonArrayFrom(
    reads
      .selectFrom('attunements as sa')
      .innerJoin('characters as ch', 'ch.id', 'sa.character_id')
      .select(['ch.id', 'ch.name', 'ch.image_id as imageId'])
      .where('sa.site_id', '=', id)
      .where(characterVisible('ch'))
      .orderBy('ch.name')
      .orderBy('ch.id'),
  ).as('characters');
}

/**
 * The site index of the actor's current campaign and its autocomplete, one statement each (see
 * factionRecordIndexReads): each site with its own columns, its links and the names of its characters.
 */
export const sitesReads = factionRecordIndexReads('sites', 'sites', (page) =>
  page.select([...siteColumns(), characterNamesColumn()]),
);

/** A site of the actor's current campaign with its characters in full; `site` null when none. */
export const siteRecordQuery = recordRead('sites', 'site', (record) =>
  record.select([...siteColumns(), characterLitesOf('attunements', site('id'))]),
);
