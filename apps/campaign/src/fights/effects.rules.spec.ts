import { effectWindowErrors } from './effects.rules.js';

const open = { start_sequence: null, end_sequence: null, start_shot: null, end_shot: null };

describe('effectWindowErrors', () => {
  it('takes open windows and windows that run forward', () => {
    expect(effectWindowErrors(open)).toBeUndefined();
    expect(effectWindowErrors({ ...open, start_sequence: 2 })).toBeUndefined();
    expect(effectWindowErrors({ ...open, end_sequence: 1, end_shot: 30 })).toBeUndefined();
    expect(
      effectWindowErrors({ start_sequence: 1, end_sequence: 2, start_shot: 5, end_shot: 12 }),
    ).toBeUndefined();
    expect(
      effectWindowErrors({ start_sequence: 3, end_sequence: 3, start_shot: 12, end_shot: 6 }),
    ).toBeUndefined();
    expect(
      effectWindowErrors({ start_sequence: 3, end_sequence: 3, start_shot: null, end_shot: 6 }),
    ).toBeUndefined();
  });

  it('refuses an end sequence before the start', () => {
    expect(effectWindowErrors({ ...open, start_sequence: 3, end_sequence: 2 })).toEqual({
      end_sequence: ['must not be before start_sequence'],
    });
  });

  it('refuses, within one sequence, an end shot at or above the start shot (shots count down)', () => {
    for (const endShot of [12, 13]) {
      expect(
        effectWindowErrors({ start_sequence: 1, end_sequence: 1, start_shot: 12, end_shot: endShot }),
      ).toEqual({ end_shot: [expect.stringContaining('below start_shot')] });
    }
  });
});
