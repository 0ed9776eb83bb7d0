import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Schtick } from '../schticks/schtick.entity.js';
import { Character } from './character.entity.js';

const CharacterSchtickSchema = defineEntity({
  name: 'CharacterSchtick',
  tableName: 'character_schticks',
  uniques: [{ name: 'character_schticks_unique', properties: ['character', 'schtick'] }],
  indexes: [{ name: 'character_schticks_schtick_index', properties: ['schtick'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    character: () =>
      p.manyToOne(Character).foreignKeyName('character_schticks_character_id_fkey').deleteRule('cascade'),
    schtick: () =>
      p.manyToOne(Schtick).foreignKeyName('character_schticks_schtick_id_fkey').deleteRule('cascade'),
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

/** A schtick a character has. */
export class CharacterSchtick extends CharacterSchtickSchema.class {}
CharacterSchtickSchema.setClass(CharacterSchtick);

export { CharacterSchtickSchema };
