import { CHARACTER_TYPES, DESCRIPTION_VALUE_MAX } from '../characters/character-values.js';
import { RECORD_LABEL_MAX } from '../characters/record-rules.js';
import type { ValueMapRules } from '../characters/value-maps.js';

export const CHASE_POSITIONS = ['near', 'far'] as const;
export type ChasePosition = (typeof CHASE_POSITIONS)[number];

/** The vehicle action values stored as whole numbers. */
export const VEHICLE_INTEGER_ACTION_VALUES = [
  'Acceleration',
  'Handling',
  'Squeal',
  'Frame',
  'Crunch',
  'Condition Points',
  'Chase Points',
] as const;

/**
 * A vehicle's `action_values`. Pursuer is text ("true" / "false") as the client writes it
 * (VehicleService.updatePursuer); Position is near or far (the client still sends it, though chase
 * relationships
 * now hold it).
 */
export const VEHICLE_ACTION_VALUE_RULES: ValueMapRules = {
  maxKeys: 100,
  textMax: RECORD_LABEL_MAX,
  integerKeys: VEHICLE_INTEGER_ACTION_VALUES,
  choices: { Type: CHARACTER_TYPES, Position: CHASE_POSITIONS, Pursuer: ['true', 'false'] },
  other: { integers: true, text: true, booleans: true, nulls: true },
};

/**
 * A vehicle's `description`: Size, Weight, Color, Appearance, and whatever the client's default vehicle carries
 * (it starts from the character description keys: src/types/defaults.ts).
 */
export const VEHICLE_DESCRIPTION_RULES: ValueMapRules = {
  maxKeys: 50,
  textMax: DESCRIPTION_VALUE_MAX,
  other: { text: true },
};
