import { containsPattern, isAnyOf, preparedRead, readQueryBuilder } from './read-queries.js';

interface Schema {
  notes: { id: string; body: string; archived: boolean };
}

const db = readQueryBuilder<Schema>();
const notesRead = preparedRead(
  (shape: { search: boolean }, $: { ids: string[]; pattern: string; limit: number }) =>
    db
      .selectFrom('notes')
      .select(['id', 'body'])
      .where('archived', '=', false)
      .where((eb) => isAnyOf(eb.ref('id'), $.ids))
      .$if(shape.search, (qb) => qb.where('body', 'ilike', $.pattern))
      .limit($.limit),
);

describe('containsPattern', () => {
  it('takes the term’s own wildcards literally', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe('preparedRead', () => {
  it('compiles a shape once and binds each call’s values, constants kept in place', () => {
    const first = notesRead({ search: true }, { ids: ['a'], pattern: '%x%', limit: 5 }).compile();
    const second = notesRead({ search: true }, { ids: ['b', 'c'], pattern: '%y%', limit: 9 }).compile();
    expect(second.sql).toBe(first.sql);
    expect(first.sql).toBe(
      'select "id", "body" from "notes" where "archived" = $1 and "id" = any($2) and "body" ilike $3 limit $4',
    );
    expect(first.parameters).toEqual([false, ['a'], '%x%', 5]);
    expect(second.parameters).toEqual([false, ['b', 'c'], '%y%', 9]);
  });

  it('compiles each shape to its own SQL', () => {
    const plain = notesRead({ search: false }, { ids: [], pattern: '', limit: 1 }).compile();
    expect(plain.sql).not.toContain('ilike');
    expect(plain.parameters).toEqual([false, [], 1]);
  });

  it('refuses a placeholder read as a value while building', () => {
    const misuse = preparedRead((_: object, $: { term: string }) =>
      db.selectFrom('notes').select('id').where('body', 'ilike', `%${$.term}%`),
    );
    expect(() => misuse({}, { term: 'x' })).toThrow(/placeholder \$\.term/);
  });
});
