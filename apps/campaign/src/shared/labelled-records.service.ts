import { MAX_PER_PAGE, type Actor } from '@shotcaller/contracts';
import { pageWindow, type SqlReads } from '@shotcaller/persistence';
import { indexMeta, indexWindow, readInCampaign } from './campaign-records.service.js';
import {
  LABEL_LISTS,
  type Label,
  type LabelledBatchRead,
  type LabelledIndexParameters,
  type LabelledIndexReads,
} from './labelled-record-index.queries.js';
import type { Pictured } from './record.serializer.js';

/**
 * The index of labelled records (weapons, schticks) as `{<key>, <label lists>, meta}`: each record as `lite`
 * makes it, or with `autocomplete` as `link` does; 404 without a current campaign to see.
 */
export async function labelledRecordIndex<K extends string, Row, L extends Label, Lite, Link>(
  reads: SqlReads,
  actor: Actor,
  query: LabelledIndexParameters,
  key: K,
  labels: readonly L[],
  read: LabelledIndexReads<K, Row, L>,
  views: { lite: (row: Row) => Lite; link: (row: Pictured) => Link },
) {
  const window = indexWindow(query);
  const answer = async <Item, View>(
    row: { total: number; [list: string]: unknown } & Record<K, Item[]>,
    view: (item: Item) => View,
  ) => {
    const lists = Object.fromEntries(labels.map((label) => [LABEL_LISTS[label], row[LABEL_LISTS[label]]]));
    return {
      [key]: row[key].map(view),
      ...lists,
      meta: indexMeta(row.total, window),
    } as Record<K, View[]> &
      Record<(typeof LABEL_LISTS)[L], string[]> & { meta: ReturnType<typeof indexMeta> };
  };
  return query.autocomplete
    ? answer(await readInCampaign(reads, actor, read.autocomplete(actor, query, window)), views.link)
    : answer(await readInCampaign(reads, actor, read.index(actor, query, window)), views.lite);
}

/** A batch of labelled records by id, a page of them (200 by default, as the Rails API had it). */
export async function labelledRecordBatch<K extends string, Row, View>(
  reads: SqlReads,
  actor: Actor,
  query: { ids: string[]; page?: number; per_page?: number },
  key: K,
  read: LabelledBatchRead<K, Row>,
  view: (row: Row) => View,
): Promise<Record<K, View[]>> {
  const window = pageWindow(query.page, query.per_page ?? MAX_PER_PAGE);
  const row = await readInCampaign(reads, actor, read(actor, query.ids, window));
  return { [key]: row[key].map(view) } as Record<K, View[]>;
}

/** A label as stored: blank text is no label (null), so that `__NONE__` and the lists of labels agree. */
export function storedLabel(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return value.trim() === '' ? null : value;
}
