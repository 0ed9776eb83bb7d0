import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Character } from '../characters/character.entity.js';
import { Vehicle } from '../vehicles/vehicle.entity.js';
import { Fight } from './fight.entity.js';

/** The lowest and highest shot a combatant can be on. */
export const SHOT_RANGE = { min: -10, max: 30 } as const;

const ShotSchema = defineEntity({
  name: 'Shot',
  tableName: 'shots',
  indexes: [
    { name: 'shots_fight_index', properties: ['fight'] },
    { name: 'shots_character_index', properties: ['character'] },
    { name: 'shots_vehicle_index', properties: ['vehicle'] },
    { name: 'shots_driver_index', properties: ['driver'] },
    { name: 'shots_driving_index', properties: ['driving'] },
  ],
  checks: [
    { name: 'shots_combatant_check', expression: '(character_id is null) <> (vehicle_id is null)' },
    { name: 'shots_shot_check', expression: `shot >= ${SHOT_RANGE.min} and shot <= ${SHOT_RANGE.max}` },
    { name: 'shots_impairments_check', expression: 'impairments >= 0' },
    {
      name: 'shots_driver_check',
      expression: 'driver_id is null or (vehicle_id is not null and driver_id <> id)',
    },
    {
      name: 'shots_driving_check',
      expression: 'driving_id is null or (character_id is not null and driving_id <> id)',
    },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    fight: () => p.manyToOne(Fight).foreignKeyName('shots_fight_id_fkey').deleteRule('cascade'),
    /** Either a character or a vehicle; a mook or featured foe may have several shots in a fight. */
    character: () =>
      p.manyToOne(Character).nullable().foreignKeyName('shots_character_id_fkey').deleteRule('cascade'),
    vehicle: () =>
      p.manyToOne(Vehicle).nullable().foreignKeyName('shots_vehicle_id_fkey').deleteRule('cascade'),
    /** null: hidden, not yet in the initiative. */
    shot: p.integer().nullable(),
    /** An NPC's wounds, or a mook group's size. */
    count: p.integer().default(0),
    impairments: p.integer().default(0),
    color: p.string().length(50).nullable(),
    location: p.string().length(255).nullable(),
    wasRammedOrDamaged: p.boolean().default(false),
    /** On a vehicle's shot: its driver's shot. */
    driver: () => p.manyToOne(Shot).nullable().foreignKeyName('shots_driver_id_fkey').deleteRule('set null'),
    /** On a driver's shot: the shot of the vehicle they drive. */
    driving: () =>
      p.manyToOne(Shot).nullable().foreignKeyName('shots_driving_id_fkey').deleteRule('set null'),
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

/** A combatant's entry in a fight's initiative. */
export class Shot extends ShotSchema.class {}
ShotSchema.setClass(Shot);

export { ShotSchema };
