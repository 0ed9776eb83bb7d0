import { cryptoDie, rollExplodingDie, rollSwerve, type RollDie } from './dice.js';

/** A die that rolls the given numbers in order, and fails if asked for more. */
function scripted(...rolls: number[]): RollDie {
  const queue = [...rolls];
  return () => {
    const roll = queue.shift();
    if (roll === undefined) throw new Error('the scripted die ran out of rolls');
    return roll;
  };
}

describe('an exploding die', () => {
  it('is one roll when it is not a 6', () => {
    expect(rollExplodingDie(scripted(4))).toEqual({ rolls: [4], sum: 4 });
    expect(rollExplodingDie(scripted(1))).toEqual({ rolls: [1], sum: 1 });
  });

  it('rolls again and adds on every 6', () => {
    expect(rollExplodingDie(scripted(6, 2))).toEqual({ rolls: [6, 2], sum: 8 });
    expect(rollExplodingDie(scripted(6, 6, 6, 1))).toEqual({ rolls: [6, 6, 6, 1], sum: 19 });
  });

  it('refuses a source that does not roll a d6', () => {
    for (const bad of [0, 7, 2.5, Number.NaN]) {
      expect(() => rollExplodingDie(() => bad)).toThrow(RangeError);
    }
  });

  it('stops a source stuck on 6 instead of looping for ever', () => {
    expect(() => rollExplodingDie(() => 6)).toThrow(/sixes in a row/);
  });
});

describe('a swerve', () => {
  it('is the positive die minus the negative die, the positive one rolled first', () => {
    expect(rollSwerve(scripted(5, 2))).toEqual({
      positive: { rolls: [5], sum: 5 },
      negative: { rolls: [2], sum: 2 },
      total: 3,
      boxcars: false,
    });
    expect(rollSwerve(scripted(1, 6, 3)).total).toBe(-8);
  });

  it('is boxcars when both dice open with a 6, whatever follows', () => {
    const swerve = rollSwerve(scripted(6, 1, 6, 4));
    expect(swerve.positive.sum).toBe(7);
    expect(swerve.negative.sum).toBe(10);
    expect(swerve.total).toBe(-3);
    expect(swerve.boxcars).toBe(true);
  });

  it('is not boxcars when only one die opens with a 6, even if that die explodes into more', () => {
    expect(rollSwerve(scripted(6, 1, 3)).boxcars).toBe(false);
    expect(rollSwerve(scripted(2, 6, 1)).boxcars).toBe(false);
    expect(rollSwerve(scripted(6, 6, 1, 5)).boxcars).toBe(false);
  });
});

describe('the real die', () => {
  it('rolls every face from 1 to 6 and nothing else', () => {
    const rolls = Array.from({ length: 600 }, cryptoDie);
    expect(new Set(rolls)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(rollSwerve().positive.rolls.every((roll) => roll >= 1 && roll <= 6)).toBe(true);
  });
});
