import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Fight } from './fight.entity.js';

const FightEventSchema = defineEntity({
  name: 'FightEvent',
  tableName: 'fight_events',
  indexes: [{ name: 'fight_events_fight_created_at_index', properties: ['fight', 'createdAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    fight: () => p.manyToOne(Fight).foreignKeyName('fight_events_fight_id_fkey').deleteRule('cascade'),
    /** `movement`, `chase_defeat`... */
    eventType: p.string().length(50),
    description: p.text(),
    details: p.json<Record<string, unknown>>().defaultRaw(`'{}'`),
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

/** An entry of a fight's log. */
export class FightEvent extends FightEventSchema.class {}
FightEventSchema.setClass(FightEvent);

export { FightEventSchema };
