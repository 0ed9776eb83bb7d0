import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { CHASE_POSITIONS } from '@shotcaller/contracts';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { Fight } from './fight.entity.js';

const ChaseRelationshipSchema = defineEntity({
  name: 'ChaseRelationship',
  tableName: 'chase_relationships',
  uniques: [
    {
      name: 'chase_relationships_one_active',
      properties: ['fight', 'pursuer', 'evader'],
      where: 'active',
    },
  ],
  indexes: [
    { name: 'chase_relationships_pursuer_index', properties: ['pursuer'] },
    { name: 'chase_relationships_evader_index', properties: ['evader'] },
  ],
  checks: [
    {
      name: 'chase_relationships_position_check',
      expression: `position in (${CHASE_POSITIONS.map((position) => `'${position}'`).join(', ')})`,
    },
    { name: 'chase_relationships_vehicles_check', expression: 'pursuer_id <> evader_id' },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    fight: () => p.manyToOne(Fight).foreignKeyName('chase_relationships_fight_id_fkey').deleteRule('cascade'),
    pursuer: () =>
      p.manyToOne(Vehicle).foreignKeyName('chase_relationships_pursuer_id_fkey').deleteRule('cascade'),
    evader: () =>
      p.manyToOne(Vehicle).foreignKeyName('chase_relationships_evader_id_fkey').deleteRule('cascade'),
    /** One of CHASE_POSITIONS. */
    position: p.string().length(4).default('far'),
    active: p.boolean().default(true),
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

/** How far a pursuing vehicle is from the one it chases, in a fight; one active per pair. */
export class ChaseRelationship extends ChaseRelationshipSchema.class {}
ChaseRelationshipSchema.setClass(ChaseRelationship);

export { ChaseRelationshipSchema };
