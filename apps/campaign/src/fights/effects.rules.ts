import type { FieldErrors } from '@shotcaller/contracts';

/** A fight-wide effect's window, as the client sends it: a missing side is open. */
export interface EffectWindowFields {
  start_sequence: number | null;
  end_sequence: number | null;
  start_shot: number | null;
  end_shot: number | null;
}

/**
 * Why an effect's window cannot be on at any moment, by field, or undefined when it can. Time runs forward
 * through the sequences and, within one, DOWN the shots (see isEffectActive): the end may not come before the
 * start, and within one sequence the end shot must be below the start shot (the end is excluded, so an equal
 * shot would end it as it starts).
 */
export function effectWindowErrors(window: EffectWindowFields): FieldErrors | undefined {
  const { start_sequence: startSequence, end_sequence: endSequence } = window;
  if (startSequence !== null && endSequence !== null) {
    if (endSequence < startSequence) return { end_sequence: ['must not be before start_sequence'] };
    const { start_shot: startShot, end_shot: endShot } = window;
    if (endSequence === startSequence && startShot !== null && endShot !== null && endShot >= startShot) {
      return { end_shot: ['must be below start_shot within one sequence (shots count down)'] };
    }
  }
  return undefined;
}
