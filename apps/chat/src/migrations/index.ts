import type { MigrationObject } from '@mikro-orm/core';

/** Every migration of the chat database, oldest first. The chat features bring the first ones. */
export const chatMigrations: MigrationObject[] = [];
