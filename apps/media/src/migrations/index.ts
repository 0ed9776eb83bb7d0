import type { MigrationObject } from '@mikro-orm/core';

/** Every migration of the media database, oldest first. The media features bring the first ones. */
export const mediaMigrations: MigrationObject[] = [];
