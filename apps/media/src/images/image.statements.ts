import { sql, type Compilable, type Generated } from 'kysely';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ImageContentType, ImageEntityType } from '@shotcaller/contracts';
import { isAnyOf, isoTimestamp, preparedRead, readQueryBuilder } from '@shotcaller/persistence';

// ---- Statements (see libs/persistence/src/reads/read-queries.ts) ----
// Every read and change of an image is one statement, shaped like the view it answers. Changes are conditional
// (`... where entity_id is null`, `delete ... returning`): two replicas doing the same change at once do it once,
// and only the one whose statement changed the row announces it.

/** The images table, as the statements use it. */
export interface MediaSchema {
  images: {
    id: string;
    uploaded_by: string;
    content_type: ImageContentType;
    byte_size: number;
    width: number;
    height: number;
    checksum: string;
    entity_type: ImageEntityType | null;
    entity_id: string | null;
    created_at: Generated<Date>;
    attached_at: Date | null;
    checked_at: Date | null;
  };
}

const db = readQueryBuilder<MediaSchema>();

/** The columns of an ImageView, timestamps as ISO text: a row maps to the view as it is. */
function viewColumns() {
  return [
    'id',
    'content_type',
    'byte_size',
    'width',
    'height',
    'checksum',
    'entity_type',
    'entity_id',
    isoTimestamp(sql.ref('created_at')).as('created_at'),
    isoTimestamp(sql.ref('attached_at')).$castTo<string | null>().as('attached_at'),
  ] as const;
}

/** An image, with the owner check's inputs, from its id. */
export const imageRead = preparedRead((_: null, $: { id: string }) =>
  db
    .selectFrom('images')
    .select([...viewColumns(), 'uploaded_by'])
    .where('id', '=', $.id),
);

/** What serving an image's original needs. */
export const storedImageRead = preparedRead((_: null, $: { id: string }) =>
  db.selectFrom('images').select(['content_type', 'byte_size', 'checksum']).where('id', '=', $.id),
);

export interface NewImage {
  id: string;
  uploadedBy: string;
  contentType: ImageContentType;
  byteSize: number;
  width: number;
  height: number;
  checksum: string;
}

export const insertImage = preparedRead((_: null, $: NewImage) =>
  db
    .insertInto('images')
    .values({
      id: $.id,
      uploaded_by: $.uploadedBy,
      content_type: $.contentType,
      byte_size: $.byteSize,
      width: $.width,
      height: $.height,
      checksum: $.checksum,
    })
    .returning(viewColumns()),
);

/** Deletes an image's row (an upload whose file could not be put in place). */
export const deleteImage = preparedRead((_: null, $: { id: string }) =>
  db.deleteFrom('images').where('id', '=', $.id).returning('id'),
);

export interface Attachment {
  id: string;
  actorId: string;
  entityType: ImageEntityType;
  entityId: string;
}

/** Gives an unattached image of the actor's to a record; no row when it is not theirs or attached already. */
export const attachImage = preparedRead((_: null, $: Attachment) =>
  db
    .updateTable('images')
    .set({ entity_type: $.entityType, entity_id: $.entityId, attached_at: sql<Date>`now()` })
    .where('id', '=', $.id)
    .where('uploaded_by', '=', $.actorId)
    .where('entity_id', 'is', null)
    .returning(viewColumns()),
);

/** Of these ids, the attached images. */
export const attachedAmong = preparedRead((_: null, $: { ids: string[] }) =>
  db
    .selectFrom('images')
    .select('id')
    .where(isAnyOf(sql.ref<string>('id'), $.ids))
    .where('entity_id', 'is not', null),
);

/** What an image's deletion announces. */
const deletedColumns = ['id', 'entity_type', 'entity_id'] as const;

/**
 * Deletes the attached images among these ids (those the owner said no record refers to). An image another call
 * deleted meanwhile is not returned again.
 */
export const deleteAttached = preparedRead((_: null, $: { ids: string[] }) =>
  db
    .deleteFrom('images')
    .where(isAnyOf(sql.ref<string>('id'), $.ids))
    .where('entity_id', 'is not', null)
    .returning(deletedColumns),
);

/**
 * Deletes a batch of the uploads never attached and created before `before`, oldest first. Rows another sweep (or
 * an attach) holds are skipped, and the condition is checked again on the row deleted: each goes once, and an
 * image attached meanwhile stays.
 */
export const deleteUnattached = preparedRead((_: null, $: { before: Date; limit: number }) =>
  db
    .deleteFrom('images')
    .where(
      isAnyOfSubquery(
        db
          .selectFrom('images')
          .select('id')
          .where('entity_id', 'is', null)
          .where('created_at', '<=', $.before)
          .orderBy('created_at')
          .limit($.limit)
          .forUpdate()
          .skipLocked(),
      ),
    )
    .where('entity_id', 'is', null)
    .returning(deletedColumns),
);

/**
 * Marks a batch of the images attached before `before` as checked now, least recently checked first, and answers
 * their ids: the ones to ask the owner about. Rows another sweep is marking are skipped, so two sweeps at once
 * ask about different images.
 */
export const claimAttachedForCheck = preparedRead((_: null, $: { before: Date; limit: number }) =>
  db
    .updateTable('images')
    .set({ checked_at: sql<Date>`now()` })
    .where(
      isAnyOfSubquery(
        db
          .selectFrom('images')
          .select('id')
          .where('entity_id', 'is not', null)
          .where('attached_at', '<=', $.before)
          .orderBy(sql`checked_at asc nulls first`)
          .orderBy('attached_at')
          .limit($.limit)
          .forUpdate()
          .skipLocked(),
      ),
    )
    .returning('id'),
);

/** `id = any(array(subquery))`: the batch is picked (and locked) first, then its rows are probed by key. */
function isAnyOfSubquery(ids: Compilable<{ id: string }>) {
  return sql<boolean>`id = any(array(${ids}))`;
}

interface TransactionlessConnection {
  executeQuery<R>(query: ReturnType<Compilable<R>['compile']>): Promise<{ rows: R[] }>;
}

/**
 * Runs a statement on the ORM's pool, each one its own transaction. (SqlReads runs reads on the read pool; these
 * statements change rows, so they go where MikroORM writes.)
 */
export async function runStatement<R>(orm: MikroORM, statement: Compilable<R>): Promise<R[]> {
  const client = orm.em.getConnection().getClient() as unknown as TransactionlessConnection;
  return (await client.executeQuery(statement.compile())).rows;
}
