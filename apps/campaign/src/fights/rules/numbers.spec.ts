import { integerInput, storedInteger } from './numbers.js';

describe('numbers from clients', () => {
  it.each([
    [12, 12],
    ['12', 12],
    [' -3 ', -3],
    ['+2', 2],
    ['12.0', 12],
    [-0, 0],
  ])('reads %p as the integer %p', (value, expected) => {
    expect(integerInput('wounds', value)).toEqual({ ok: true, value: expected });
  });

  it.each([['12abc'], [''], [null], [true], [1.5], ['1.5'], [Number.NaN], [{}], [[3]]])(
    'refuses %p rather than reading it as 0',
    (value) => {
      const result = integerInput('wounds', value);
      expect(result.ok).toBe(false);
      expect(result.ok ? undefined : Object.keys(result.errors)).toEqual(['wounds']);
    },
  );

  it('refuses values outside the bounds, with the Rails message', () => {
    expect(integerInput('count', -1, { min: 0 })).toEqual({
      ok: false,
      errors: { count: ['must be greater than or equal to 0'] },
    });
    expect(integerInput('shot', 31, { max: 30 })).toEqual({
      ok: false,
      errors: { shot: ['must be less than or equal to 30'] },
    });
  });
});

describe('numbers already stored', () => {
  it('reads integers and numeric text, truncates fractions and counts anything else as 0', () => {
    expect([7, '7', 7.9, -2.5, undefined, null, 'seven', true].map(storedInteger)).toEqual([
      7, 7, 7, -2, 0, 0, 0, 0,
    ]);
  });
});
