import {
  activeEffects,
  applyEffectChanges,
  isEffectActive,
  parseEffectChange,
  type EffectWindow,
} from './effects.js';

const window = (
  startSequence: number | null,
  startShot: number | null,
  endSequence: number | null,
  endShot: number | null,
): EffectWindow => ({ startSequence, startShot, endSequence, endShot });

const on = (effect: EffectWindow, sequence: number, shot: number) =>
  isEffectActive(effect, { sequence, shot });

describe('a fight-wide effect', () => {
  const nextSequence = window(1, 15, 2, 15); // the common case: one full round

  it('starts at its start shot, included', () => {
    expect(on(nextSequence, 1, 16)).toBe(false);
    expect(on(nextSequence, 1, 15)).toBe(true);
    expect(on(nextSequence, 1, 1)).toBe(true);
  });

  it('ends at its end shot, excluded', () => {
    expect(on(nextSequence, 2, 30)).toBe(true);
    expect(on(nextSequence, 2, 16)).toBe(true);
    expect(on(nextSequence, 2, 15)).toBe(false);
    expect(on(nextSequence, 3, 20)).toBe(false);
  });

  it('is off before its start sequence', () => {
    expect(on(nextSequence, 0, 20)).toBe(false);
  });

  it('is off at shot 0 and below, between sequences', () => {
    expect(on(nextSequence, 1, 0)).toBe(false);
    expect(on(nextSequence, 2, -3)).toBe(false);
  });

  it('stays on through the sequences between its start and end (Rails lost it there)', () => {
    const long = window(1, 10, 3, 10);
    expect(on(long, 2, 30)).toBe(true);
    expect(on(long, 2, 1)).toBe(true);
    expect(on(long, 3, 11)).toBe(true);
    expect(on(long, 3, 10)).toBe(false);
  });

  it('lasts only its shots when it starts and ends in one sequence (Rails kept it on)', () => {
    const brief = window(1, 12, 1, 6);
    expect(on(brief, 1, 13)).toBe(false);
    expect(on(brief, 1, 12)).toBe(true);
    expect(on(brief, 1, 7)).toBe(true);
    expect(on(brief, 1, 6)).toBe(false);
    expect(on(brief, 1, 3)).toBe(false);
  });

  it('is never on when it ends before it starts', () => {
    expect(on(window(2, 10, 1, 5), 1, 8)).toBe(false);
    expect(on(window(2, 10, 1, 5), 2, 8)).toBe(false);
    expect(on(window(1, 5, 1, 10), 1, 7)).toBe(false);
  });

  it('has open ends where a sequence is missing, and whole sequences where a shot is', () => {
    expect(on(window(null, null, 2, 10), 1, 30)).toBe(true);
    expect(on(window(3, 10, null, null), 9, 1)).toBe(true);
    expect(on(window(3, 10, null, null), 3, 11)).toBe(false);
    expect(on(window(2, null, 2, null), 2, 30)).toBe(true);
    expect(on(window(2, null, 2, null), 2, 1)).toBe(true);
    expect(on(window(2, null, 2, null), 3, 30)).toBe(false);
  });

  it('is listed among the active ones, in order', () => {
    const a = { id: 'a', ...window(1, 20, 1, 10) };
    const b = { id: 'b', ...window(1, 30, 2, 30) };
    const c = { id: 'c', ...window(2, 20, 2, 10) };
    expect(activeEffects([c, b, a], { sequence: 1, shot: 12 }).map((e) => e.id)).toEqual(['b', 'a']);
  });
});

describe('a character effect’s change', () => {
  it('adjusts with a sign and replaces without one', () => {
    expect(parseEffectChange('+2')).toEqual({ kind: 'add', amount: 2 });
    expect(parseEffectChange(' -1 ')).toEqual({ kind: 'add', amount: -1 });
    expect(parseEffectChange('7')).toEqual({ kind: 'set', amount: 7 });
    expect(parseEffectChange('plus two')).toBeUndefined();
    expect(parseEffectChange('+1.5')).toBeUndefined();
  });

  it('applies in order, skipping unreadable changes', () => {
    expect(applyEffectChanges(13, ['+1', '-3'])).toBe(11);
    expect(applyEffectChanges(13, ['+1', '10', '+2'])).toBe(12);
    expect(applyEffectChanges(13, ['lots'])).toBe(13);
    expect(applyEffectChanges(13, [])).toBe(13);
  });
});
