import type { MigrationObject } from '@mikro-orm/core';
import { Images } from './20261202180000-images.js';

/** Every migration of the media database, oldest first. Names are stored once applied: never rename one. */
export const mediaMigrations: MigrationObject[] = [{ name: '20261202180000-images', class: Images }];
