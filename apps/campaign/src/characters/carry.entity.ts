import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Weapon } from '../weapons/weapon.entity.js';
import { Character } from './character.entity.js';

const CarrySchema = defineEntity({
  name: 'Carry',
  tableName: 'carries',
  uniques: [{ name: 'carries_unique', properties: ['character', 'weapon'] }],
  indexes: [{ name: 'carries_weapon_index', properties: ['weapon'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    character: () => p.manyToOne(Character).foreignKeyName('carries_character_id_fkey').deleteRule('cascade'),
    weapon: () => p.manyToOne(Weapon).foreignKeyName('carries_weapon_id_fkey').deleteRule('cascade'),
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

/** A weapon a character carries. */
export class Carry extends CarrySchema.class {}
CarrySchema.setClass(Carry);

export { CarrySchema };
