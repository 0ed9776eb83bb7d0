/** When a fight-wide effect lasts, as stored on the effect. */
export interface EffectWindow {
  startSequence: number | null;
  startShot: number | null;
  endSequence: number | null;
  endShot: number | null;
}

/** A point in a fight: its sequence and its current shot. */
export interface FightMoment {
  sequence: number;
  shot: number;
}

/**
 * Whether a fight-wide effect is on at a moment. Time runs forward through the sequences and, within one, DOWN
 * the shots; an effect is on from (startSequence, startShot) included to (endSequence, endShot) excluded:
 *
 * - started: a later sequence than its start, or its start sequence at or below its start shot;
 * - not yet ended: an earlier sequence than its end, or its end sequence above its end shot;
 * - and the shot is above 0 (between sequences, when everyone has acted, nothing is on; as in Rails).
 *
 * A missing start or end sequence leaves that side open; a missing start shot starts the effect at the top of
 * its sequence, a missing end shot runs it to the end of its sequence.
 *
 * Rails tested `(sequence == start_sequence && shot <= start_shot) || (sequence == end_sequence && shot > end_shot)`:
 * the same answer for an effect ending in the sequence after it starts, but off in any sequence between (start 1,
 * end 3 was off in sequence 2), and on for the whole sequence when start and end share one (start shot 12, end
 * shot 6 was still on at shot 3).
 */
export function isEffectActive(effect: EffectWindow, at: FightMoment): boolean {
  if (at.shot <= 0) return false;
  const started =
    effect.startSequence === null ||
    at.sequence > effect.startSequence ||
    (at.sequence === effect.startSequence && (effect.startShot === null || at.shot <= effect.startShot));
  const ended =
    effect.endSequence !== null &&
    (at.sequence > effect.endSequence ||
      (at.sequence === effect.endSequence && effect.endShot !== null && at.shot <= effect.endShot));
  return started && !ended;
}

/** The effects on at a moment, in their given order. */
export function activeEffects<T extends EffectWindow>(effects: readonly T[], at: FightMoment): T[] {
  return effects.filter((effect) => isEffectActive(effect, at));
}

export type EffectChange = { kind: 'add' | 'set'; amount: number };

const CHANGE_TEXT = /^([+-]?)(\d{1,6})$/;

/**
 * A character effect's `change`, read as the client reads it: "+2" or "-1" adjusts the action value, a bare
 * number ("7") replaces it. Anything else is not a change (undefined), where the client would have set 0.
 */
export function parseEffectChange(change: string): EffectChange | undefined {
  const match = CHANGE_TEXT.exec(change.trim());
  if (!match) return undefined;
  const [, sign, digits] = match;
  const amount = Number(digits);
  if (sign === '') return { kind: 'set', amount };
  return { kind: 'add', amount: sign === '-' ? -amount : amount };
}

/** An action value with its effects' changes applied in order; unreadable changes are skipped. */
export function applyEffectChanges(value: number, changes: readonly string[]): number {
  return changes.reduce((current, text) => {
    const change = parseEffectChange(text);
    if (!change) return current;
    return change.kind === 'set' ? change.amount : current + change.amount;
  }, value);
}
