/**
 * Read queries: list pages and record views, each one SQL statement shaped like the view it answers.
 *
 * Why Kysely, compiled only, run as prepared statements:
 * - typed: queries are built over a hand-written read schema (table -> column types), so a misspelt column or a
 *   wrong type fails the type check, and the row type of a query follows from what it selects;
 * - no entities: rows (nested JSON included) are mapped straight to views by plain functions, without the ORM's
 *   query building, hydration and identity map, which cost milliseconds of CPU per list page;
 * - plans reused: SqlReads runs each compiled query as a named prepared statement (the name is a hash of its SQL),
 *   so every distinct query shape is parsed and planned once per connection; values are always parameters (lists
 *   go in one array parameter, see isAnyOf), so the shapes stay few;
 * - Kysely is MikroORM 7's own SQL layer: nothing new to run, and writes stay with the ORM.
 *
 * Writing a resource's index query (see campaignsIndexRead in apps/campaign/src/campaigns/campaign.queries.ts):
 * 1. Describe the columns it reads in the service's read schema interface.
 * 2. Write it as `preparedRead((shape, $) => ...)`: `shape` says what changes the SQL (which filters are present,
 *    the sort column and direction), `$.<name>` stands for each value. Each shape is built and compiled once;
 *    later requests only bind values (building the campaign index with Kysely on every request cost about as
 *    much CPU as all the rest of the request).
 * 3. Start from the signed-in actor's row (`selectFrom('users as actor')` where the account is active and of the
 *    token's version), so the acting-user check is part of the statement: no row means refuse (and only then ask
 *    why, in a second statement).
 * 4. Build `matching`: the resource's table with the caller's scope and the index filters (`$if(shape.x, ...)`).
 *    Scope by ids (`isAnyOfQuery(ref('c.id'), idsQuery)`, the ids query bound to `$.actorId`, not to the actor
 *    row): the table is then probed by its primary key, however skewed its statistics.
 * 5. Select, from the actor row, `countOf(matching).as('total')` and
 *    `jsonArrayFrom(matching.select(...).orderBy(sort).orderBy(id).limit($.limit).offset($.offset)).as('items')`,
 *    with related records as correlated subqueries in the page's selection (`jsonObjectFrom` for one,
 *    `jsonArrayFrom` for many, `eb.fn.jsonAgg(column)` for a list of ids), and timestamps as isoTimestamp(...).
 * 6. Map the one row to the view with the serializer: one statement whatever the page size.
 */
import {
  type Compilable,
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';

export { jsonArrayFrom, jsonBuildObject, jsonObjectFrom } from 'kysely/helpers/postgres';

/** A query builder over a service's read schema that only compiles SQL; SqlReads runs it. */
export function readQueryBuilder<Schema>(): Kysely<Schema> {
  return new Kysely<Schema>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/** Stands for a value while a query's shape is compiled; Kysely passes it through as a parameter. */
class Placeholder {
  constructor(readonly key: string) {}

  [Symbol.toPrimitive](): never {
    throw new Error(`Read query placeholder $.${this.key} used as a value while building the query`);
  }
}

const placeholders: object = new Proxy(
  {},
  { get: (_, key) => (typeof key === 'string' ? new Placeholder(key) : undefined) },
);

type Slot = { key: string } | { value: unknown };

/**
 * A read query compiled once per shape. `build(shape, $)` builds the query of a shape (what differs in its SQL:
 * which filters, which sort) with `$.<name>` standing for each value; the first call of a shape compiles it, and
 * later calls only bind `values` to the parameters. Decide everything from `shape`, never from `$`: a placeholder
 * is not the value (it fails loudly if read as one).
 */
export function preparedRead<Shape, Values extends object, R>(
  build: (shape: Shape, $: Values) => Compilable<R>,
): (shape: Shape, values: Values) => Compilable<R> {
  const compiled = new Map<string, { query: CompiledQuery<R>; slots: Slot[] }>();
  return (shape, values) => {
    const key = JSON.stringify(shape);
    let entry = compiled.get(key);
    if (!entry) {
      const query = build(shape, placeholders as Values).compile();
      const slots = query.parameters.map((parameter) =>
        parameter instanceof Placeholder ? { key: parameter.key } : { value: parameter },
      );
      entry = { query, slots };
      compiled.set(key, entry);
    }
    const { query, slots } = entry;
    const parameters = slots.map((slot) =>
      'key' in slot ? (values as Record<string, unknown>)[slot.key] : slot.value,
    );
    const bound: CompiledQuery<R> = { ...query, parameters };
    return { compile: () => bound };
  };
}

/**
 * The columns of a table under an alias, typed by its row: for selections shared by several queries, where a
 * Kysely expression builder could not be typed for every query the selection appears in.
 */
export function columnsOf<Row>(alias: string) {
  return <Column extends keyof Row & string>(column: Column): RawBuilder<Row[Column]> =>
    sql<Row[Column]>`${sql.ref(`${alias}.${column}`)}`;
}

/** A timestamptz as `Date#toISOString()` writes it (UTC, milliseconds truncated), so the view needs no Date. */
export function isoTimestamp(timestamp: Expression<Date>): RawBuilder<string> {
  return sql<string>`to_char(${timestamp} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** `value = any($n)`: a list as one array parameter, so lists of any length share one statement. */
export function isAnyOf<T>(value: Expression<T>, list: readonly T[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${value} = any(${sql.val(list)})`;
}

/**
 * `value = any(array(subquery))`: the subquery runs once, before the outer scan, and the outer table is probed by
 * its index for the ids it gave. An `in (subquery)` is planned as a join from the planner's estimate of the
 * subquery's size, which a skewed column makes large: a scan of the whole table per request.
 */
export function isAnyOfQuery<T>(value: Expression<T>, ids: Compilable<{ id: T }>): RawBuilder<SqlBool> {
  return sql<SqlBool>`${value} = any(array(${ids}))`;
}

/** The number of rows a query matches, as a scalar subquery. */
export function countOf<DB, TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>) {
  return query.select(sql<number>`count(*)::int`.as('count')).$asScalar();
}

/** `%term%` for (I)LIKE with the term's own wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
