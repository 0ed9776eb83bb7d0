import { AfterCommit } from './after-commit.js';
import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM, type EntitySchema, type MigrationObject } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { databaseName, ensureDatabase } from './database.js';
import {
  openReadPool,
  READ_POOL,
  ReadPoolLifecycle,
  SqlReads,
  type ReadPoolSettings,
} from './reads/sql-reads.js';

export interface PersistenceOptions {
  databaseUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- schemas of any entity type
  entities: EntitySchema<any, any>[];
  /** The service's committed migrations, in order. */
  migrations: MigrationObject[];
  debug?: boolean;
}

const ormLogger = new Logger('MikroORM');

/** Connections per process, for the ORM's pool and for the read pool alike. */
const POOL: ReadPoolSettings = { min: 0, max: 10 };

/**
 * Connects a service to its own database: creates the database if missing, runs pending migrations under
 * an advisory lock (so replicas starting together migrate once), and only then lets the service serve.
 */
export async function openDatabase(options: PersistenceOptions): Promise<MikroORM> {
  await ensureDatabase(options.databaseUrl);
  const orm = await MikroORM.init({
    clientUrl: options.databaseUrl,
    entities: options.entities,
    extensions: [Migrator],
    ensureDatabase: false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
    debug: options.debug ?? false,
    colors: false,
    logger: (message) => ormLogger.log(message),
    pool: { ...POOL },
    migrations: {
      migrationsList: options.migrations,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  });
  try {
    await migrateUnderLock(orm, options.databaseUrl);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

async function migrateUnderLock(orm: MikroORM, url: string): Promise<void> {
  const lockKey = createHash('sha256')
    .update(`migrations:${databaseName(url)}`)
    .digest()
    .readBigInt64BE(0);
  // The lock is held by the transaction the migrations run in, and released when it ends.
  await orm.em.fork().transactional(async (em) => {
    await em.execute('SELECT pg_advisory_xact_lock(?)', [lockKey.toString()]);
    await orm.migrator.up({ transaction: em.getTransactionContext() });
  });
}

@Injectable()
class OrmLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}

@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: MikroORM, useFactory: () => openDatabase(options) },
        OrmLifecycle,
        { provide: READ_POOL, useFactory: () => openReadPool(options.databaseUrl, POOL) },
        ReadPoolLifecycle,
        SqlReads,
        AfterCommit,
      ],
      exports: [MikroORM, READ_POOL, SqlReads, AfterCommit],
    };
  }
}

/** Readiness of the service's database: a round trip completes in time. */
export function postgresReadiness(indicators: HealthIndicatorService, orm: MikroORM, key = 'postgres') {
  return () =>
    indicators
      .check(key)
      .attempt(async () => {
        const started = performance.now();
        await orm.em.getConnection().execute('SELECT 1');
        return { rtt_ms: Math.round((performance.now() - started) * 10) / 10 };
      })
      .withTimeout(2000);
}
