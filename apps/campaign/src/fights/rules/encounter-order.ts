import type { CharacterType } from './combatant-types.js';

/** Who goes first among combatants on the same shot. */
export const ENCOUNTER_TYPE_ORDER: readonly CharacterType[] = [
  'Uber-Boss',
  'Boss',
  'PC',
  'Ally',
  'Featured Foe',
  'Mook',
];

/** What ordering needs of a shot entry. For a vehicle, `speed` is its Acceleration and `type` its driver's. */
export interface ShotEntry {
  /** The shot row's id: the last tie-break, since the same mook or featured foe may appear several times. */
  id: string;
  name: string;
  type: CharacterType;
  speed: number;
  impairments: number;
  /** null while hidden. */
  shot: number | null;
}

export interface ShotGroup<T> {
  shot: number | null;
  entries: T[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order within one shot: type (ENCOUNTER_TYPE_ORDER), then Speed minus impairments (faster first), then
 * name ignoring case (the Rails query sorted by LOWER(name)), then the exact name and the shot id, so the order
 * never depends on the order rows were read in.
 */
export function compareWithinShot(a: ShotEntry, b: ShotEntry): number {
  return (
    ENCOUNTER_TYPE_ORDER.indexOf(a.type) - ENCOUNTER_TYPE_ORDER.indexOf(b.type) ||
    b.speed - b.impairments - (a.speed - a.impairments) ||
    compareText(a.name.toLowerCase(), b.name.toLowerCase()) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
  );
}

/**
 * The shot counter: one group per shot, highest shot first, each group in compareWithinShot order. Hidden
 * entries (shot null) are not dropped: they come last, as one group with `shot: null`, because the Rails
 * encounter did the same (NULLS LAST) and the client shows that group under a "Hidden" heading.
 */
export function groupByShot<T extends ShotEntry>(entries: readonly T[]): ShotGroup<T>[] {
  const byShot = new Map<number | null, T[]>();
  for (const entry of entries) {
    const group = byShot.get(entry.shot);
    if (group) group.push(entry);
    else byShot.set(entry.shot, [entry]);
  }
  return [...byShot.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : b - a))
    .map(([shot, group]) => ({ shot, entries: group.sort(compareWithinShot) }));
}

/** The shot being played: the highest shot in the fight; 0 when nobody is in the initiative (as in Rails). */
export function currentShot(shots: Iterable<number | null>): number {
  let highest: number | null = null;
  for (const shot of shots) {
    if (shot !== null && (highest === null || shot > highest)) highest = shot;
  }
  return highest ?? 0;
}
