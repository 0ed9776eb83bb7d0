import { randomInt } from 'node:crypto';

/** A source of d6 rolls: each call returns an integer from 1 to 6. Tests pass a scripted one. */
export type RollDie = () => number;

/** The real die, from the operating system's cryptographic random source. */
export const cryptoDie: RollDie = () => randomInt(1, 7);

export interface ExplodingRoll {
  /** Every die rolled, in order: each 6 is followed by the die it earned. */
  rolls: number[];
  sum: number;
}

export interface Swerve {
  positive: ExplodingRoll;
  negative: ExplodingRoll;
  /** Positive total minus negative total. */
  total: number;
  /** Both dice came up 6 on their first roll. */
  boxcars: boolean;
}

/**
 * Far more rolls than a fair die ever makes (30 sixes in a row: about 1 in 2 * 10^23); reaching it means the
 * source is broken, and failing beats looping for ever.
 */
const MOST_ROLLS = 30;

function rollOnce(rollDie: RollDie): number {
  const roll = rollDie();
  if (!Number.isInteger(roll) || roll < 1 || roll > 6) throw new RangeError(`A d6 rolled ${roll}`);
  return roll;
}

/** A d6 that explodes: a 6 rolls again and adds, as often as sixes keep coming. */
export function rollExplodingDie(rollDie: RollDie = cryptoDie): ExplodingRoll {
  const rolls: number[] = [];
  let roll: number;
  do {
    if (rolls.length === MOST_ROLLS) throw new RangeError(`The die rolled ${MOST_ROLLS} sixes in a row`);
    roll = rollOnce(rollDie);
    rolls.push(roll);
  } while (roll === 6);
  return { rolls, sum: rolls.reduce((total, each) => total + each, 0) };
}

/** Feng Shui's swerve: a positive and a negative exploding die, the negative one rolled second. */
export function rollSwerve(rollDie: RollDie = cryptoDie): Swerve {
  const positive = rollExplodingDie(rollDie);
  const negative = rollExplodingDie(rollDie);
  return {
    positive,
    negative,
    total: positive.sum - negative.sum,
    boxcars: positive.rolls[0] === 6 && negative.rolls[0] === 6,
  };
}
