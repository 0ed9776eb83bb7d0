import { ErrorCode, ServiceError } from './errors.js';
import { assertAcceptableInput, inspectInput, isStorableText } from './input-shape.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? { a: value } : [value];
  return value;
}

function refusal(input: unknown): ServiceError {
  try {
    assertAcceptableInput(input, ErrorCode.ValidationFailed);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('input shape', () => {
  it('tells storable text from text PostgreSQL or clients cannot hold', () => {
    expect(['plain', 'emoji 🐉', '', 'ünïcödé'].map(isStorableText)).toEqual([true, true, true, true]);
    expect(['a\u0000b', 'lone \ud800', 'lone \udfff', '\udfff\ud800'].map(isStorableText)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('walks a deeply nested input without recursion and refuses it past the limit', () => {
    expect(inspectInput(nested(32)).problem).toBeUndefined();
    expect(inspectInput(nested(33)).problem?.code).toBe(ErrorCode.MalformedRequest);
    expect(inspectInput(nested(200_000)).problem?.code).toBe(ErrorCode.MalformedRequest);
  });

  it('refuses huge lists, wide objects and too many values in all with 413', () => {
    expect(refusal({ ids: Array.from({ length: 1001 }, () => 'x') }).code).toBe(ErrorCode.PayloadTooLarge);
    expect(refusal(Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, i]))).code).toBe(
      ErrorCode.PayloadTooLarge,
    );
    const many = Array.from({ length: 60 }, () => Array.from({ length: 1000 }, () => 1));
    expect(refusal({ many }).code).toBe(ErrorCode.PayloadTooLarge);
  });

  it('names every field holding unstorable text, without the body envelope', () => {
    const error = refusal({
      campaign: {
        name: 'ok',
        description: 'nul\u0000',
        user_ids: ['fine', 'bad\ud800'],
        players: [{ name: '\udc00' }],
      },
    });
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(Object.keys(error.details?.errors ?? {}).sort()).toEqual([
      'description',
      'players.0.name',
      'user_ids.1',
    ]);
  });

  it('refuses a key holding NUL as a malformed request', () => {
    expect(refusal({ 'na\u0000me': 'x' }).code).toBe(ErrorCode.MalformedRequest);
  });

  it('refuses keys that name built-in object properties, which validation would take for declared fields', () => {
    for (const key of ['constructor', 'hasOwnProperty', '__proto__', 'toString']) {
      expect(refusal(JSON.parse(`{"user": {"${key}": 1}}`)).code).toBe(ErrorCode.MalformedRequest);
    }
  });

  it('accepts ordinary input', () => {
    expect(() =>
      assertAcceptableInput(
        { user: { email: 'a@example.com', ids: ['1', '2'], n: 3, ok: true, none: null } },
        ErrorCode.ValidationFailed,
      ),
    ).not.toThrow();
  });
});
