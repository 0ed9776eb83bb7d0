import {
  addFieldError,
  mergeJsonValues,
  takeValue,
  toInteger,
  type JsonValuesRules,
  type RuleResult,
} from './values.rules.js';

const rules: JsonValuesRules = {
  defaults: { Speed: 0, Type: 'PC', Note: null },
  keys: { Speed: { kind: 'integer' }, Type: { kind: 'text', oneOf: ['PC', 'Boss'] }, Note: { kind: 'text' } },
  otherKeys: { kind: 'scalar' },
};

const merge = (incoming: unknown, stored?: Record<string, string | number | boolean | null>) =>
  mergeJsonValues('values', rules, incoming, stored);

function errorsOf<T>(result: RuleResult<T>) {
  if (result.ok) throw new Error(`expected field errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

describe('toInteger', () => {
  it('takes integers and numeric text', () => {
    expect([12, '12', ' 12 ', '+5', '-3', '12.0', 1e3].map((value) => toInteger(value))).toEqual(
      [12, 12, 12, 5, -3, 12, 1000].map((value) => ({ ok: true, value })),
    );
  });

  it('stores -0 as 0', () => {
    const result = toInteger('-0');
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });

  it('refuses what is not a number instead of reading it as 0', () => {
    for (const value of ['abc', '', '  ', '12abc', '0x10', true, null, undefined, {}, [], Number.NaN]) {
      expect(toInteger(value)).toEqual({ ok: false, message: 'is not a number' });
    }
  });

  it('refuses fractions', () => {
    expect(toInteger(12.5)).toEqual({ ok: false, message: 'must be an integer' });
    expect(toInteger('12.5')).toEqual({ ok: false, message: 'must be an integer' });
  });

  it('keeps to PostgreSQL integer range, or the range given', () => {
    expect(toInteger('99999999999')).toEqual({
      ok: false,
      message: 'must be less than or equal to 2147483647',
    });
    expect(toInteger(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(toInteger(-1, { min: 0 })).toEqual({ ok: false, message: 'must be greater than or equal to 0' });
    expect(toInteger(2147483647)).toEqual({ ok: true, value: 2147483647 });
  });
});

describe('mergeJsonValues', () => {
  it('fills missing default keys', () => {
    expect(merge({})).toEqual({ ok: true, value: { Speed: 0, Type: 'PC', Note: null } });
  });

  it('merges into the stored values, keeping keys the update leaves out', () => {
    const stored = { Speed: 7, Type: 'Boss', Note: 'scarred', Custom: 'kept' };
    expect(merge({ Speed: '8' }, stored)).toEqual({
      ok: true,
      value: { Speed: 8, Type: 'Boss', Note: 'scarred', Custom: 'kept' },
    });
  });

  it('replaces when nothing stored is given: only the defaults stay under the new values', () => {
    expect(merge({ Note: 'new' })).toEqual({ ok: true, value: { Speed: 0, Type: 'PC', Note: 'new' } });
  });

  it('resets a default key to its default on null, and removes any other key', () => {
    const stored = { Speed: 7, Type: 'Boss', Note: null, Custom: 'x' };
    expect(merge({ Speed: null, Type: null, Custom: null }, stored)).toEqual({
      ok: true,
      value: { Speed: 0, Type: 'PC', Note: null },
    });
  });

  it('reports each bad value under its dotted key, all at once', () => {
    expect(errorsOf(merge({ Speed: 'fast', Type: 'Villain', Note: 3 }))).toEqual({
      'values.Speed': ['is not a number'],
      'values.Type': ['is not included in the list'],
      'values.Note': ['must be text'],
    });
  });

  it('resets a text key sent as the number 0 to its default, as Rails did', () => {
    expect(merge({ Type: 0 }, { Speed: 0, Type: 'Boss', Note: null })).toEqual({
      ok: true,
      value: { Speed: 0, Type: 'PC', Note: null },
    });
  });

  it('keeps custom single values of any kind', () => {
    expect(merge({ Vehicle: false, Position: 'far', Bonus: 2.5 })).toMatchObject({
      ok: true,
      value: { Vehicle: false, Position: 'far', Bonus: 2.5 },
    });
  });

  it('refuses nested values', () => {
    expect(errorsOf(merge({ Speed: { value: 5 }, Custom: [1, 2] }))).toEqual({
      'values.Speed': ['must be a single value, not a list or an object'],
      'values.Custom': ['must be a single value, not a list or an object'],
    });
  });

  it('refuses text over 1,000 characters and text PostgreSQL cannot hold', () => {
    expect(merge({ Custom: 'x'.repeat(1000) }).ok).toBe(true);
    expect(errorsOf(merge({ Custom: 'x'.repeat(1001), Note: 'a\u0000b' }))).toEqual({
      'values.Custom': ['is too long (maximum is 1000 characters)'],
      'values.Note': ['contains characters that are not allowed (NUL or an unpaired surrogate)'],
    });
  });

  it('refuses more than 100 keys, sent or after merging', () => {
    const many = (count: number, prefix: string) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index}`, index]));
    expect(errorsOf(merge(many(101, 'k')))).toEqual({ values: ['has more than 100 keys'] });
    const oversizedAndNested = Object.fromEntries(
      Array.from({ length: 101 }, (_, index) => [`k${index}`, [index]]),
    );
    expect(errorsOf(merge(oversizedAndNested))).toEqual({ values: ['has more than 100 keys'] });
    expect(merge(many(97, 'k')).ok).toBe(true);
    expect(errorsOf(merge(many(50, 'new'), many(50, 'old')))).toEqual({ values: ['has more than 100 keys'] });
  });

  it('refuses bad keys on the field itself', () => {
    expect(errorsOf(merge(JSON.parse('{"__proto__": 1, "": 2, "k\\u0000": 3}')))).toEqual({
      values: [
        'has a key that is not allowed (__proto__)',
        'has a blank key',
        'has a key with characters that are not allowed (NUL or an unpaired surrogate)',
      ],
    });
    expect(errorsOf(merge({ ['k'.repeat(101)]: 1 }))).toEqual({
      values: ['has a key longer than 100 characters'],
    });
  });

  it('refuses anything but an object', () => {
    for (const value of [null, [], 'Speed', 7]) {
      expect(errorsOf(merge(value))).toEqual({ values: ['must be an object'] });
    }
  });
});

describe('field errors', () => {
  it('adds a message once per field', () => {
    const errors = {};
    addFieldError(errors, 'name', "can't be blank");
    addFieldError(errors, 'name', "can't be blank");
    expect(errors).toEqual({ name: ["can't be blank"] });
  });

  it('takes a rule value, or its fallback after copying its errors', () => {
    const errors = { name: ["can't be blank"] };
    expect(takeValue({ ok: true, value: 3 }, errors, 0)).toBe(3);
    expect(takeValue({ ok: false, errors: { speed: ['is not a number'] } }, errors, 0)).toBe(0);
    expect(errors).toEqual({ name: ["can't be blank"], speed: ['is not a number'] });
  });
});
