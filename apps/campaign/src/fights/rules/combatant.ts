import type { JsonValues } from '../../shared/values.rules.js';
import type { CharacterType } from './combatant-types.js';
import { storedInteger } from './numbers.js';

/**
 * One entry of a fight's shot counter as the rules see it: a character on its shot. The handlers build it from
 * the character and its shot row and write `next` back, so the rules never touch an entity.
 */
export interface Combatant {
  name: string;
  /** The type when the update began; a `Type` changed by the update applies from the next one. */
  type: CharacterType;
  actionValues: Readonly<JsonValues>;
  /** The shot row's `count`: a non-PC's wounds, or the number of mooks left in a mook group. */
  count: number;
  /** A PC's own impairments (on the character), anyone else's on the shot row. */
  impairments: number;
  status: readonly string[];
  /** The initiative position, -10..30; null while hidden (not yet in the initiative). */
  shot: number | null;
}

/** A `fight_events` row to write: the column names, as the client reads them. Handlers add ids to `details`. */
export interface FightEventDraft {
  event_type: string;
  description: string;
  details: Record<string, unknown>;
}

/** A numeric action value ("Toughness", "Fortune", "Marks of Death"...), 0 when missing. */
export function actionValueOf(combatant: Pick<Combatant, 'actionValues'>, key: string): number {
  return storedInteger(combatant.actionValues[key]);
}
