import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Site } from '../sites/site.entity.js';
import { Character } from './character.entity.js';

const AttunementSchema = defineEntity({
  name: 'Attunement',
  tableName: 'attunements',
  uniques: [{ name: 'attunements_unique', properties: ['character', 'site'] }],
  indexes: [{ name: 'attunements_site_index', properties: ['site'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    character: () =>
      p.manyToOne(Character).foreignKeyName('attunements_character_id_fkey').deleteRule('cascade'),
    site: () => p.manyToOne(Site).foreignKeyName('attunements_site_id_fkey').deleteRule('cascade'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** A site a character is attuned to. */
export class Attunement extends AttunementSchema.class {}
AttunementSchema.setClass(Attunement);

export { AttunementSchema };
