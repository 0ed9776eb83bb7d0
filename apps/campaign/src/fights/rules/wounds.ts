import type { CharacterType } from './combatant-types.js';
import { actionValueOf, type Combatant, type FightEventDraft } from './combatant.js';
import { STATUS, withoutStatus, withStatus } from './statuses.js';

export type LimitStatus = typeof STATUS.upCheckRequired | typeof STATUS.outOfFight;

export interface WoundThresholds {
  /** Each one crossed on the way up adds an impairment; crossed back down, takes it away. */
  impairments: readonly number[];
  /** Reaching this many wounds gives the combatant `atLimit`; healing back under it takes that status away. */
  limit: number;
  atLimit: LimitStatus;
  /** Marks of Death gained on reaching the limit. */
  marksOfDeath: number;
}

/** Mooks have no wounds: a mook group's `count` is how many are left, and it is out when none are. */
export type WoundedType = Exclude<CharacterType, 'Mook'>;

const BOSS: WoundThresholds = {
  impairments: [40, 45],
  limit: 50,
  atLimit: STATUS.upCheckRequired,
  marksOfDeath: 0,
};

export const WOUND_THRESHOLDS: Readonly<Record<WoundedType, WoundThresholds>> = {
  PC: { impairments: [25, 30], limit: 35, atLimit: STATUS.upCheckRequired, marksOfDeath: 1 },
  Ally: { impairments: [25, 30], limit: 35, atLimit: STATUS.outOfFight, marksOfDeath: 0 },
  // Out at 25, the wounds that also bring the first impairment: reaching 25 does both.
  'Featured Foe': { impairments: [25, 30], limit: 25, atLimit: STATUS.outOfFight, marksOfDeath: 0 },
  Boss: BOSS,
  'Uber-Boss': BOSS,
};

/** One threshold passed: `gained` when its consequence now applies, false when healing (or reinforcement) lifts it. */
export interface ThresholdCrossing {
  threshold: number;
  consequence: 'impairment' | LimitStatus;
  gained: boolean;
}

export interface WoundOutcome {
  next: Combatant;
  crossed: ThresholdCrossing[];
  events: FightEventDraft[];
}

/** A PC's or NPC's wounds; for a mook group, how many mooks are left. */
export function woundsOf(combatant: Combatant): number {
  return combatant.type === 'PC' ? actionValueOf(combatant, 'Wounds') : combatant.count;
}

/** Wounds a hit deals: the Smackdown less the target's Toughness, never negative. */
export function woundsFromSmackdown(smackdown: number, toughness: number): number {
  return Math.max(0, smackdown - toughness);
}

/**
 * The thresholds passed going from `from` to `to` wounds, in the order they are passed. A threshold is reached
 * AT its value (24 -> 25 crosses 25) and left below it (25 -> 24 crosses back).
 */
export function thresholdsCrossed(
  thresholds: WoundThresholds,
  from: number,
  to: number,
): ThresholdCrossing[] {
  const all = [
    ...thresholds.impairments.map((threshold) => ({ threshold, consequence: 'impairment' as const })),
    { threshold: thresholds.limit, consequence: thresholds.atLimit },
  ].sort((a, b) => a.threshold - b.threshold);
  if (to > from) {
    return all
      .filter(({ threshold }) => from < threshold && threshold <= to)
      .map((t) => ({ ...t, gained: true }));
  }
  return all
    .filter(({ threshold }) => to < threshold && threshold <= from)
    .reverse()
    .map((t) => ({ ...t, gained: false }));
}

/**
 * Sets a combatant's wounds to `total` (a mook group's size, for mooks) and applies every threshold crossed on
 * the way: impairments, the limit's status, a PC's Mark of Death. Only a crossing counts, so an update that
 * leaves a PC at 40 wounds (or heals them from 45 to 40) adds no Mark; the Rails server added one on every update
 * at 35 or more. Never mutates `combatant`.
 */
export function setWounds(combatant: Combatant, total: number): WoundOutcome {
  if (combatant.type === 'Mook') return setMookCount(combatant, total);
  const wounds = Math.max(0, total);
  const thresholds = WOUND_THRESHOLDS[combatant.type];
  const crossed = thresholdsCrossed(thresholds, woundsOf(combatant), wounds);
  let impairments = combatant.impairments;
  let status = [...combatant.status];
  let marksOfDeath = actionValueOf(combatant, 'Marks of Death');
  const events: FightEventDraft[] = [];
  for (const crossing of crossed) {
    if (crossing.consequence === 'impairment') {
      impairments += crossing.gained ? 1 : -1;
    } else if (crossing.gained) {
      status = withStatus(status, crossing.consequence);
      marksOfDeath += thresholds.marksOfDeath;
      events.push(limitReached(combatant, wounds, thresholds, marksOfDeath));
    } else {
      status = withoutStatus(status, crossing.consequence);
    }
  }
  const next: Combatant = { ...combatant, impairments: Math.max(0, impairments), status };
  if (combatant.type === 'PC') {
    next.actionValues = { ...combatant.actionValues, Wounds: wounds, 'Marks of Death': marksOfDeath };
  } else {
    next.count = wounds;
  }
  return { next, crossed, events };
}

/**
 * One hit for `smackdown`: wounds = max(0, smackdown - Toughness) added to the current ones. Against mooks a hit
 * that wounds at all takes out one mook (Feng Shui 2: any damaging hit drops a mook), whatever the Smackdown.
 */
export function takeSmackdown(combatant: Combatant, smackdown: number): WoundOutcome {
  const wounds = woundsFromSmackdown(smackdown, actionValueOf(combatant, 'Toughness'));
  if (combatant.type === 'Mook') return setMookCount(combatant, combatant.count - (wounds > 0 ? 1 : 0));
  return setWounds(combatant, woundsOf(combatant) + wounds);
}

/** A mook group's new size: out of the fight when it falls to 0, back in when reinforced from 0. */
function setMookCount(combatant: Combatant, count: number): WoundOutcome {
  const left = Math.max(0, count);
  const next: Combatant = { ...combatant, count: left, status: [...combatant.status] };
  const wasIn = combatant.count > 0;
  const isIn = left > 0;
  if (wasIn === isIn) return { next, crossed: [], events: [] };
  const crossed = [{ threshold: 0, consequence: STATUS.outOfFight, gained: !isIn }];
  if (isIn)
    return { next: { ...next, status: withoutStatus(next.status, STATUS.outOfFight) }, crossed, events: [] };
  return {
    next: { ...next, status: withStatus(next.status, STATUS.outOfFight) },
    crossed,
    events: [
      {
        event_type: 'out_of_fight',
        description: `${combatant.name}: every mook is down`,
        details: { count: left, character_type: combatant.type },
      },
    ],
  };
}

function limitReached(
  combatant: Combatant,
  wounds: number,
  thresholds: WoundThresholds,
  marksOfDeath: number,
): FightEventDraft {
  const details = { wounds, threshold: thresholds.limit, character_type: combatant.type };
  if (thresholds.atLimit === STATUS.outOfFight) {
    return { event_type: 'out_of_fight', description: `${combatant.name} is out of the fight`, details };
  }
  return {
    event_type: 'wound_threshold',
    description: `${combatant.name} has ${wounds} wounds and must make an Up Check`,
    details: thresholds.marksOfDeath > 0 ? { ...details, marks_of_death: marksOfDeath } : details,
  };
}
