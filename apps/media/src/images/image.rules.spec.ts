import { distinctIds, unreferencedIds } from './image.rules.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

describe('unreferencedIds', () => {
  it('is the ids asked about that the answer does not name', () => {
    expect(unreferencedIds([A, B, C], { image_ids: [B] })).toEqual([A, C]);
    expect(unreferencedIds([A, B], { image_ids: [] })).toEqual([A, B]);
    expect(unreferencedIds([A, B], { image_ids: [A, B] })).toEqual([]);
  });

  it('ignores ids that were not asked about, and compares ids whatever their case', () => {
    expect(unreferencedIds([A, B], { image_ids: [C, B.toUpperCase()] })).toEqual([A]);
  });

  it.each([undefined, null, {}, { image_ids: 'all' }, { image_ids: [1] }, []])(
    'takes %j for no answer: an error, so nothing is deleted',
    (answer) => {
      expect(() => unreferencedIds([A], answer)).toThrow(TypeError);
    },
  );
});

describe('distinctIds', () => {
  it('drops repeats, whatever their case, keeping the first order', () => {
    expect(distinctIds([B, A, B.toUpperCase(), A])).toEqual([B, A]);
  });
});
