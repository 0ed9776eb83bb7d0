import type { RuleResult } from '../../shared/values.rules.js';
import type { Combatant, FightEventDraft } from './combatant.js';
import { integerInput } from './numbers.js';

/** The lowest shot: acting never takes a combatant below it. */
export const SHOT_FLOOR = -10;
/** The highest shot a combatant may be placed on. */
export const SHOT_CEILING = 30;
/** What an action costs when the client does not say. */
export const DEFAULT_SHOT_COST = 3;

/** A shot cost from a client (`shots`, `shot_cost`): absent or null means the default 3; otherwise 0 or more. */
export function shotCostInput(field: string, value: unknown): RuleResult<number> {
  if (value === undefined || value === null) return { ok: true, value: DEFAULT_SHOT_COST };
  return integerInput(field, value, { min: 0 });
}

/**
 * A shot to place a combatant on (initiative, or a `shot` in a combat update); null hides it. Above the ceiling
 * is refused; below the floor becomes the floor, because clients compute "shot minus cost" themselves and the
 * floor is the rule they leave out.
 */
export function shotPositionInput(field: string, value: unknown): RuleResult<number | null> {
  if (value === null) return { ok: true, value: null };
  const shot = integerInput(field, value, { max: SHOT_CEILING });
  if (!shot.ok) return shot;
  return { ok: true, value: Math.max(SHOT_FLOOR, shot.value) };
}

/**
 * The shot after spending `cost` shots, never below the floor. A hidden combatant spends from 0, as Rails'
 * `act!` did (`shot ||= 0`), rather than being refused: the gamemaster may let someone act before initiative.
 */
export function spendShots(shot: number | null, cost: number): number {
  if (!Number.isInteger(cost) || cost < 0)
    throw new RangeError(`A shot cost is a whole number, 0 or more (${cost})`);
  return Math.max(SHOT_FLOOR, (shot ?? 0) - cost);
}

export interface ActOutcome {
  next: Combatant;
  /** Shots actually spent: less than the cost when the floor stopped it. */
  spent: number;
  events: FightEventDraft[];
}

/** A combatant acts: it spends the cost and the fight logs a `movement` event (as the Rails `act` did). */
export function act(combatant: Combatant, cost: number): ActOutcome {
  const shot = spendShots(combatant.shot, cost);
  const spent = (combatant.shot ?? 0) - shot;
  return {
    next: { ...combatant, shot },
    spent,
    events: [
      {
        event_type: 'movement',
        description: `${combatant.name} spent ${cost} ${cost === 1 ? 'shot' : 'shots'}`,
        details: { shot_cost: cost, shots_spent: spent, new_shot: shot },
      },
    ],
  };
}
