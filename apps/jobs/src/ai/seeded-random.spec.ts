import { seededRandom, seedFromText } from './seeded-random.js';

const draw = (seed: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: 20 }, () => random.next());
};

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays in [0, 1) and between() covers both ends', () => {
    const random = seededRandom(7);
    const seen = new Set<number>();
    for (let index = 0; index < 500; index++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      seen.add(random.between(1, 3));
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
});

describe('seedFromText', () => {
  it('gives the same unsigned 32-bit seed for the same text, another for other text', () => {
    const seed = seedFromText('a grumpy sorcerer');
    expect(seed).toBe(seedFromText('a grumpy sorcerer'));
    expect(seed).not.toBe(seedFromText('a grumpy sorceress'));
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });
});
