import type { MigrationObject } from '@mikro-orm/core';

/** Every migration of the location database, oldest first. The location features bring the first ones. */
export const locationMigrations: MigrationObject[] = [];
