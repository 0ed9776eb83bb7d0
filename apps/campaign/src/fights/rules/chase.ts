import type { FieldErrors } from '@shotcaller/contracts';
import {
  hasFieldErrors,
  isPlainObject,
  mergeJsonValues,
  takeValue,
  ValueMessages,
  type JsonValues,
  type JsonValuesRules,
  type KeyRule,
  type RuleResult,
} from '../../shared/values.rules.js';
import type { FightEventDraft } from './combatant.js';
import { CHARACTER_TYPES, characterTypeOf, type CharacterType } from './combatant-types.js';
import { integerInput, storedInteger } from './numbers.js';

/** Chase Points that end a chase for a vehicle: more when a Boss or Uber-Boss drives (their wound limit is 50). */
export const CHASE_DEFEAT_THRESHOLD = { standard: 35, boss: 50 } as const;

/** Chase actions that hit the other vehicle: a defeated vehicle that took one crashed, instead of being boxed in. */
export const DAMAGING_CHASE_ACTIONS = ['ram', 'sideswipe', 'weapon'] as const;

export type ChaseDefeatType = 'crashed' | 'boxed_in';

/** Points that accumulate: a chase action sends what to ADD (a negative number takes points back). */
const ADDED_POINTS = ['Chase Points', 'Condition Points'] as const;

const INTEGER: KeyRule = { kind: 'integer' };

const VEHICLE_VALUE_RULES: JsonValuesRules = {
  defaults: {},
  keys: {
    ...Object.fromEntries(
      ['Acceleration', 'Handling', 'Squeal', 'Frame', 'Crunch'].map((key) => [key, INTEGER]),
    ),
    Type: { kind: 'text', oneOf: CHARACTER_TYPES },
  },
  otherKeys: { kind: 'scalar' },
};

export interface ChaseVehicle {
  name: string;
  actionValues: Readonly<JsonValues>;
  /** The shot row's `was_rammed_or_damaged`. */
  wasRammedOrDamaged: boolean;
  /** The type of the character driving it (through the driver's shot); null when nobody does. */
  driverType: CharacterType | null;
}

/** The Chase Points that defeat a vehicle: its driver's type decides, or the vehicle's own Type when undriven. */
export function chaseDefeatThreshold(vehicle: ChaseVehicle): number {
  const type = vehicle.driverType ?? characterTypeOf(vehicle.actionValues);
  return type === 'Boss' || type === 'Uber-Boss'
    ? CHASE_DEFEAT_THRESHOLD.boss
    : CHASE_DEFEAT_THRESHOLD.standard;
}

/** How a vehicle is out of the chase, or null while it is still in. */
export function chaseDefeat(vehicle: ChaseVehicle): ChaseDefeatType | null {
  if (storedInteger(vehicle.actionValues['Chase Points']) < chaseDefeatThreshold(vehicle)) return null;
  return vehicle.wasRammedOrDamaged ? 'crashed' : 'boxed_in';
}

/** The rule-bearing fields of one `vehicle_updates` entry, as the client sent them. */
export interface ChaseUpdateInput {
  action_type?: unknown;
  action_values?: unknown;
}

export interface ChaseOutcome {
  next: ChaseVehicle;
  /** Set only when THIS update defeated the vehicle: the caller logs the event once. */
  defeat: ChaseDefeatType | null;
  events: FightEventDraft[];
}

/**
 * One vehicle's part of `apply_chase_action`. A ram, sideswipe or weapon attack marks it rammed-or-damaged;
 * Chase Points and Condition Points are added (never below 0); other action values replace the stored ones, and
 * `Position` is dropped (the chase relationship holds it). A vehicle that reaches its threshold is defeated,
 * reported once, when it happens. The driver's shots and Fortune are the caller's (spendShots and the like).
 */
export function applyChaseUpdate(vehicle: ChaseVehicle, update: ChaseUpdateInput): RuleResult<ChaseOutcome> {
  const errors: FieldErrors = {};
  if (update.action_type !== undefined && typeof update.action_type !== 'string') {
    errors.action_type = [ValueMessages.notText];
  }
  const actionType = typeof update.action_type === 'string' ? update.action_type.trim().toLowerCase() : '';
  const damaging = (DAMAGING_CHASE_ACTIONS as readonly string[]).includes(actionType);

  let actionValues: JsonValues = { ...vehicle.actionValues };
  if (update.action_values !== undefined) {
    if (!isPlainObject(update.action_values)) {
      errors.action_values = [ValueMessages.notAnObject];
    } else {
      const { Position: _position, ...incoming } = update.action_values;
      const added = new Map<string, number>();
      for (const key of ADDED_POINTS) {
        if (incoming[key] === undefined) continue;
        added.set(key, takeValue(integerInput(`action_values.${key}`, incoming[key]), errors, 0));
        delete incoming[key];
      }
      actionValues = takeValue(
        mergeJsonValues('action_values', VEHICLE_VALUE_RULES, incoming, actionValues),
        errors,
        {},
      );
      for (const [key, points] of added) {
        actionValues[key] = Math.max(0, storedInteger(vehicle.actionValues[key]) + points);
      }
    }
  }
  if (hasFieldErrors(errors)) return { ok: false, errors };

  const next: ChaseVehicle = {
    ...vehicle,
    actionValues,
    wasRammedOrDamaged: vehicle.wasRammedOrDamaged || damaging,
  };
  const defeat = chaseDefeat(vehicle) === null ? chaseDefeat(next) : null;
  const events: FightEventDraft[] = defeat
    ? [
        {
          event_type: 'chase_defeat',
          description: defeat === 'crashed' ? `${vehicle.name} crashed` : `${vehicle.name} is boxed in`,
          details: {
            vehicle_name: vehicle.name,
            defeat_type: defeat,
            chase_points: storedInteger(actionValues['Chase Points']),
            threshold: chaseDefeatThreshold(next),
            was_rammed_or_damaged: next.wasRammedOrDamaged,
          },
        },
      ]
    : [];
  return { ok: true, value: { next, defeat, events } };
}
