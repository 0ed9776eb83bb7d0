import type { FieldErrors } from '@shotcaller/contracts';
import { CHARACTER_TYPES } from '@shotcaller/contracts';
import { DESCRIPTION_MAX_TEXT_LENGTH } from '../characters/character.rules.js';
import {
  hasFieldErrors,
  mergeJsonValues,
  takeValue,
  withDefaults,
  type JsonValues,
  type JsonValuesRules,
  type KeyRule,
  type RuleResult,
} from '../shared/values.rules.js';

const VEHICLE_NUMBERS = [
  'Acceleration',
  'Handling',
  'Squeal',
  'Frame',
  'Crunch',
  'Condition Points',
  'Chase Points',
] as const;

/** A vehicle's role in a chase, kept as text the way the client sends it. */
export const PURSUER_VALUES = ['true', 'false'] as const;

export const DEFAULT_VEHICLE_ACTION_VALUES: Readonly<JsonValues> = Object.freeze({
  ...Object.fromEntries(VEHICLE_NUMBERS.map((key) => [key, 0])),
  Pursuer: 'true',
  Type: 'PC',
  Archetype: 'Car',
});

export const DEFAULT_VEHICLE_DESCRIPTION: Readonly<JsonValues> = Object.freeze({
  Size: '',
  Weight: '',
  Color: '',
  Appearance: '',
});

const INTEGER: KeyRule = { kind: 'integer' };
const TEXT: KeyRule = { kind: 'text' };

export const VEHICLE_ACTION_VALUE_RULES: JsonValuesRules = {
  defaults: DEFAULT_VEHICLE_ACTION_VALUES,
  keys: {
    ...Object.fromEntries(VEHICLE_NUMBERS.map((key) => [key, INTEGER])),
    Pursuer: { kind: 'text', oneOf: PURSUER_VALUES },
    Type: { kind: 'text', oneOf: CHARACTER_TYPES },
    Archetype: TEXT,
  },
  otherKeys: { kind: 'scalar' },
};

/** Other keys are kept: the client's blank vehicle carries a character's description keys. */
export const VEHICLE_DESCRIPTION_RULES: JsonValuesRules = {
  defaults: DEFAULT_VEHICLE_DESCRIPTION,
  keys: {},
  otherKeys: TEXT,
  maxTextLength: DESCRIPTION_MAX_TEXT_LENGTH,
};

/** `action_values` to store: defaults filled, numbers as integers, an update merged into the stored values. */
export function mergeVehicleActionValues(
  incoming: unknown,
  stored?: JsonValues | null,
): RuleResult<JsonValues> {
  return mergeJsonValues('action_values', VEHICLE_ACTION_VALUE_RULES, incoming, stored);
}

/** `description` to store: it REPLACES the stored one (as in Rails), with missing keys back to "". */
export function replaceVehicleDescription(incoming: unknown): RuleResult<JsonValues> {
  return mergeJsonValues('description', VEHICLE_DESCRIPTION_RULES, incoming);
}

/** The JSON fields of a vehicle, as stored. */
export interface VehicleValues {
  action_values: JsonValues;
  description: JsonValues;
}

export type VehicleValuesInput = { [Field in keyof VehicleValues]?: unknown };

/**
 * The values to save from a create (no `stored`) or an update (the stored record's values), with every field's
 * errors at once. An absent field keeps its stored value; defaults are filled on every save.
 */
export function vehicleValuesToStore(
  input: VehicleValuesInput,
  stored?: VehicleValues,
): RuleResult<VehicleValues> {
  const errors: FieldErrors = {};
  const values: VehicleValues = {
    action_values:
      input.action_values === undefined
        ? withDefaults(DEFAULT_VEHICLE_ACTION_VALUES, stored?.action_values)
        : takeValue(mergeVehicleActionValues(input.action_values, stored?.action_values), errors, {}),
    description:
      input.description === undefined
        ? withDefaults(DEFAULT_VEHICLE_DESCRIPTION, stored?.description)
        : takeValue(replaceVehicleDescription(input.description), errors, {}),
  };
  return hasFieldErrors(errors) ? { ok: false, errors } : { ok: true, value: values };
}

/** The chase numbers a vehicle keeps in its action_values, as the chase_state route reads and sets them. */
export interface ChaseState {
  chase_points: number;
  condition_points: number;
  position: 'near' | 'far' | null;
  pursuer: 'true' | 'false';
}

/** A vehicle's chase state, from its stored action_values (defaults where a key is missing or odd). */
export function chaseStateOf(actionValues: JsonValues): ChaseState {
  const number = (key: string) => {
    const value = actionValues[key];
    return typeof value === 'number' ? value : 0;
  };
  const position = actionValues.Position;
  return {
    chase_points: number('Chase Points'),
    condition_points: number('Condition Points'),
    position: position === 'near' || position === 'far' ? position : null,
    pursuer: actionValues.Pursuer === 'false' ? 'false' : 'true',
  };
}

/** The action_values keys a chase state change sets (only those sent), to merge into the stored values. */
export function chaseStateActionValues(changes: Partial<ChaseState>): JsonValues {
  const values: JsonValues = {};
  if (changes.chase_points !== undefined) values['Chase Points'] = changes.chase_points;
  if (changes.condition_points !== undefined) values['Condition Points'] = changes.condition_points;
  if (changes.position !== undefined) values.Position = changes.position;
  if (changes.pursuer !== undefined) values.Pursuer = changes.pursuer;
  return values;
}
