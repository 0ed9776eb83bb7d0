import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Character } from './character.entity.js';

const AdvancementSchema = defineEntity({
  name: 'Advancement',
  tableName: 'advancements',
  indexes: [{ name: 'advancements_character_created_at_index', properties: ['character', 'createdAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    character: () =>
      p.manyToOne(Character).foreignKeyName('advancements_character_id_fkey').deleteRule('cascade'),
    description: p.text(),
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

/** A character's advancement, in words. */
export class Advancement extends AdvancementSchema.class {}
AdvancementSchema.setClass(Advancement);

export { AdvancementSchema };
