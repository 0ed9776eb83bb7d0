import { Logger } from '@nestjs/common';
import pg from 'pg';
import { defineEntity, p, type MigrationObject } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase, type PersistenceOptions } from '@shotcaller/persistence';
import { TestEnvironment } from '@shotcaller/testing';
import { campaignEntities } from '../../../apps/campaign/src/app.module.js';
import { campaignMigrations } from '../../../apps/campaign/src/migrations/index.js';
import { SignInFailureSchema } from '../../../apps/campaign/src/sessions/sign-in-failure.entity.js';
import { User } from '../../../apps/campaign/src/users/user.entity.js';
import { chatEntities } from '../../../apps/chat/src/app.module.js';
import { chatMigrations } from '../../../apps/chat/src/migrations/index.js';
import { mediaEntities } from '../../../apps/media/src/app.module.js';
import { mediaMigrations } from '../../../apps/media/src/migrations/index.js';
import { locationEntities } from '../../../apps/realtime-location/src/app.module.js';
import { locationMigrations } from '../../../apps/realtime-location/src/migrations/index.js';

// The hand-written migrations are the truth; the entities must declare exactly what they create, or a generated
// migration would "fix" the difference by dropping indexes, foreign keys and defaults.

type Entities = PersistenceOptions['entities'];

const SERVICES: Record<string, { entities: Entities; migrations: MigrationObject[] }> = {
  campaign: { entities: campaignEntities, migrations: campaignMigrations },
  chat: { entities: chatEntities, migrations: chatMigrations },
  'realtime-location': { entities: locationEntities, migrations: locationMigrations },
  media: { entities: mediaEntities, migrations: mediaMigrations },
};

const env = new TestEnvironment('schema-truth');
const orms: MikroORM[] = [];

/** The service's database (one per service in this file) as the service opens it: created if missing, migrated. */
async function open(service: string, entities = SERVICES[service].entities): Promise<MikroORM> {
  const databaseUrl = env.databaseUrl(service);
  const orm = await openDatabase({ databaseUrl, entities, migrations: SERVICES[service].migrations });
  orms.push(orm);
  return orm;
}

/**
 * What MikroORM would change to make the database match the entities. The migrations table is left out:
 * MikroORM skips the table named in `migrations.tableName` (schema_migrations, as openDatabase sets it).
 */
function pendingSchemaChanges(orm: MikroORM): Promise<string> {
  return orm.schema.getUpdateSchemaSQL({ wrap: false }).then((sql) => sql.trim());
}

interface ExpressionIndex {
  name: string;
  expression: string;
}

function expressionIndexes(orm: MikroORM): ExpressionIndex[] {
  return [...orm.getMetadata().getAll().values()].flatMap((meta) =>
    [...meta.indexes, ...meta.uniques].flatMap(({ name, expression }) =>
      name && typeof expression === 'string' ? [{ name, expression }] : [],
    ),
  );
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * MikroORM matches expression indexes (`lower(email)`) by name alone. So each declared one is created under
 * another name in a transaction that is rolled back, and PostgreSQL's own rendering of it compared with the
 * index the migrations made: the declarations that differ, with both definitions.
 */
function expressionIndexDrift(databaseUrl: string, indexes: ExpressionIndex[]) {
  return withClient(databaseUrl, async (client) => {
    const definition = async (name: string) =>
      (
        await client.query<{ indexdef: string }>(
          'select indexdef from pg_indexes where schemaname = current_schema() and indexname = $1',
          [name],
        )
      ).rows[0]?.indexdef;
    const drift: { name: string; declared: string | undefined; migrated: string | undefined }[] = [];
    for (const { name, expression } of indexes) {
      const probe = `${name}_declared`;
      await client.query('begin');
      try {
        await client.query(expression.replace(name, probe));
        const declared = (await definition(probe))?.replace(probe, name);
        const migrated = await definition(name);
        if (declared !== migrated) drift.push({ name, declared, migrated });
      } finally {
        await client.query('rollback');
      }
    }
    return drift;
  });
}

const RULES: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/**
 * The foreign keys with their rules, as the entities declare them and as the migrations made them. MikroORM's diff
 * takes `restrict` and `no action` for one rule; PostgreSQL does not (a restrict is checked at once, never deferred).
 */
async function foreignKeyRules(orm: MikroORM, databaseUrl: string) {
  const declared = orm.schema
    .getTargetSchema()
    .getTables()
    .flatMap((table) => Object.values(table.getForeignKeys()))
    .map(
      (fk) =>
        `${fk.constraintName} on delete ${fk.deleteRule ?? 'no action'} on update ${fk.updateRule ?? 'no action'}`,
    );
  const migrated = await withClient(databaseUrl, async (client) =>
    (
      await client.query<{ conname: string; confdeltype: string; confupdtype: string }>(
        `select conname, confdeltype, confupdtype from pg_constraint
          where contype = 'f' and connamespace = current_schema()::regnamespace`,
      )
    ).rows.map((fk) => `${fk.conname} on delete ${RULES[fk.confdeltype]} on update ${RULES[fk.confupdtype]}`),
  );
  return { declared: declared.sort(), migrated: migrated.sort() };
}

beforeAll(() => {
  // openDatabase reports each migration it applies; keep the output to what went wrong.
  Logger.overrideLogger(['error', 'warn']);
});

afterAll(async () => {
  await Promise.all(orms.map((orm) => orm.close()));
  await env.cleanup();
});

describe.each(Object.keys(SERVICES))('the %s database after its migrations', (service) => {
  it('is what its entities declare: the schema diff is empty', async () => {
    const orm = await open(service);
    expect(await pendingSchemaChanges(orm)).toBe('');
    expect(await expressionIndexDrift(env.databaseUrl(service), expressionIndexes(orm))).toEqual([]);
    const { declared, migrated } = await foreignKeyRules(orm, env.databaseUrl(service));
    expect(declared).toEqual(migrated);
  });
});

describe('the schema check', () => {
  it('finds the expression indexes the campaign entities declare: every one the migrations made', async () => {
    const orm = await open('campaign');
    const migrated = await withClient(env.databaseUrl('campaign'), async (client) => {
      const result = await client.query<{ name: string }>(
        'select indexrelid::regclass::text as name from pg_index where indexprs is not null',
      );
      return result.rows.map(({ name }) => name).sort();
    });
    expect(migrated).toContain('campaigns_gamemaster_name_unique');
    expect(migrated).toContain('characters_campaign_name_unique');
    expect(
      expressionIndexes(orm)
        .map(({ name }) => name)
        .sort(),
    ).toEqual(migrated);
  });

  it('sees a default an entity leaves out', async () => {
    // sign_in_failures as declared, but without failed_attempts' `default 0`.
    const DriftedSignInFailureSchema = defineEntity({
      name: 'SignInFailure',
      tableName: 'sign_in_failures',
      properties: {
        user: () =>
          p.manyToOne(User).primary().foreignKeyName('sign_in_failures_user_id_fkey').deleteRule('cascade'),
        clientAddress: p.string().length(45).primary(),
        failedAttempts: p.integer(),
        lockedUntil: p.datetime().nullable(),
        updatedAt: p.datetime().defaultRaw('now()'),
      },
    });
    const entities = campaignEntities.map((schema) =>
      schema === SignInFailureSchema ? DriftedSignInFailureSchema : schema,
    );
    const orm = await open('campaign', entities);
    expect(await pendingSchemaChanges(orm)).toBe(
      'alter table "sign_in_failures" alter column "failed_attempts" drop default;',
    );
  });

  it('sees an expression index declared otherwise than migrated', async () => {
    await open('campaign');
    const declared = 'create unique index users_email_unique on users (email)';
    expect(
      await expressionIndexDrift(env.databaseUrl('campaign'), [
        { name: 'users_email_unique', expression: declared },
      ]),
    ).toEqual([
      {
        name: 'users_email_unique',
        declared: 'CREATE UNIQUE INDEX users_email_unique ON public.users USING btree (email)',
        migrated: 'CREATE UNIQUE INDEX users_email_unique ON public.users USING btree (lower((email)::text))',
      },
    ]);
  });
});
