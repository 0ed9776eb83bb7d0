import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { severityCheck } from './effect.entity.js';
import { Shot } from './shot.entity.js';

const CharacterEffectSchema = defineEntity({
  name: 'CharacterEffect',
  tableName: 'character_effects',
  indexes: [{ name: 'character_effects_shot_index', properties: ['shot'] }],
  checks: [severityCheck('character_effects')],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** The combatant's shot it applies to (its character or vehicle, in that fight). */
    shot: () => p.manyToOne(Shot).foreignKeyName('character_effects_shot_id_fkey').deleteRule('cascade'),
    name: p.string().length(255),
    description: p.text().nullable(),
    /** One of SEVERITIES. */
    severity: p.string().length(10).default('info'),
    /** The action value it changes ("Defense", "MainAttack"...). */
    actionValue: p.string().length(100).nullable(),
    /** How it changes it: "+1", "-2". */
    change: p.string().length(20).nullable(),
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

/** An effect on one combatant in a fight. */
export class CharacterEffect extends CharacterEffectSchema.class {}
CharacterEffectSchema.setClass(CharacterEffect);

export { CharacterEffectSchema };
