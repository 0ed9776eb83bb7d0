import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Fight } from './fight.entity.js';

/** How an effect is shown (the client's alert severities). */
export const SEVERITIES = ['error', 'info', 'success', 'warning'] as const;

export const severityCheck = (table: string) => ({
  name: `${table}_severity_check`,
  expression: `severity in (${SEVERITIES.map((severity) => `'${severity}'`).join(', ')})`,
});

const EffectSchema = defineEntity({
  name: 'Effect',
  tableName: 'effects',
  indexes: [{ name: 'effects_fight_index', properties: ['fight'] }],
  checks: [severityCheck('effects')],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    fight: () => p.manyToOne(Fight).foreignKeyName('effects_fight_id_fkey').deleteRule('cascade'),
    name: p.string().length(255),
    description: p.text().nullable(),
    /** One of SEVERITIES. */
    severity: p.string().length(10).default('info'),
    startSequence: p.integer().nullable(),
    endSequence: p.integer().nullable(),
    startShot: p.integer().nullable(),
    endShot: p.integer().nullable(),
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

/** A fight-wide effect, from one sequence and shot to another. */
export class Effect extends EffectSchema.class {}
EffectSchema.setClass(Effect);

export { EffectSchema };
