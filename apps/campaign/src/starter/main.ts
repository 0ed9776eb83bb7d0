// `npm run starter:load -- --owner <email>`: loads Shotcaller's starter content (schticks, weapons, factions,
// junctures, archetype characters, vehicles) into the master template campaign, in the campaign service's database
// (DATABASE_URL, as the service reads it; the database is created and migrated first when needed). Idempotent.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { openDatabase } from '@shotcaller/persistence';
import { ConfigError, DependencyUnreachable, IsUrlWithScheme, loadEnv } from '@shotcaller/observability';
import { campaignEntities } from '../app.module.js';
import { CampaignEnv } from '../config.js';
import { campaignMigrations } from '../migrations/index.js';
import { describeStarterLoad, loadStarterContent, StarterLoadError } from './starter-loader.js';

const USAGE = `Usage: npm run starter:load -- --owner <email>

Loads the starter content into the master template campaign (creating it, owned by <email>, when there is none).
<email> must be an existing, active admin or gamemaster account. Records are matched by name: what the campaign
already has is left as it is, so running it again changes nothing. Reads DATABASE_URL like the campaign service.`;

/** The one setting the loader needs, read and checked as the campaign service reads it. */
class StarterEnv {
  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = new CampaignEnv().DATABASE_URL;
}

async function main(): Promise<number> {
  let flags: { owner?: string; help?: boolean };
  try {
    ({ values: flags } = parseArgs({
      options: { owner: { type: 'string' }, help: { type: 'boolean', default: false } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (!flags.owner?.trim()) {
    console.error(`--owner <email> is required\n\n${USAGE}`);
    return 2;
  }

  // The ORM reports each migration it applies through Nest's logger; here only its warnings and errors matter.
  Logger.overrideLogger(['warn', 'error', 'fatal']);
  const env = loadEnv(StarterEnv, process.env);
  const orm = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    entities: campaignEntities,
    migrations: campaignMigrations,
  });
  try {
    const summary = await loadStarterContent(orm, flags.owner);
    console.log(`[starter] ${describeStarterLoad(summary).join('\n[starter] ')}`);
    return 0;
  } catch (error) {
    if (!(error instanceof StarterLoadError)) throw error;
    console.error(`[starter] nothing was written: ${error.message}`);
    return 1;
  } finally {
    await orm.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  // Configuration and connection problems say what is wrong (never a password); anything else is a bug: the trace.
  const known = error instanceof ConfigError || error instanceof DependencyUnreachable;
  const text =
    error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
  console.error(`[starter] failed: ${text}`);
  process.exitCode = 1;
}
