/** A combatant's entry in a fight, as the roster rules see it. */
export interface RosterShot {
  id: string;
  /** The character's (or vehicle's) id. */
  combatantId: string;
  /** null: hidden, not yet in the initiative. */
  shot: number | null;
  /** When it joined: of two shots to remove, the later goes first. */
  joinedAt: Date;
}

export interface RosterChanges {
  /** Shots to remove. */
  removed: string[];
  /** Combatants to add a hidden shot for, one entry per shot. */
  added: string[];
}

/**
 * What makes a fight's shots match the complete list of combatant ids a client sends (`character_ids` or
 * `vehicle_ids`), one entry per shot: an id listed n times has n shots (a mook group, a featured foe twice). Of an
 * id listed fewer times than it has shots, the hidden shots go first, then the latest to join; missing shots are
 * added hidden, in the order the list names them.
 */
export function rosterChanges(existing: readonly RosterShot[], wanted: readonly string[]): RosterChanges {
  const wantedCounts = new Map<string, number>();
  for (const id of wanted) wantedCounts.set(id, (wantedCounts.get(id) ?? 0) + 1);

  const held = new Map<string, RosterShot[]>();
  for (const shot of existing) held.set(shot.combatantId, [...(held.get(shot.combatantId) ?? []), shot]);

  const removed: string[] = [];
  for (const [combatantId, shots] of held) {
    const surplus = shots.length - (wantedCounts.get(combatantId) ?? 0);
    if (surplus <= 0) continue;
    const leaving = [...shots].sort(leavingFirst).slice(0, surplus);
    removed.push(...leaving.map((shot) => shot.id));
  }

  const added: string[] = [];
  const stillMissing = new Map<string, number>();
  for (const [combatantId, count] of wantedCounts) {
    stillMissing.set(combatantId, count - (held.get(combatantId)?.length ?? 0));
  }
  for (const id of wanted) {
    const missing = stillMissing.get(id) ?? 0;
    if (missing <= 0) continue;
    added.push(id);
    stillMissing.set(id, missing - 1);
  }
  return { removed, added };
}

/** Hidden shots before those in the initiative; then the latest to join first. */
function leavingFirst(a: RosterShot, b: RosterShot): number {
  const hidden = Number(b.shot === null) - Number(a.shot === null);
  if (hidden !== 0) return hidden;
  return b.joinedAt.getTime() - a.joinedAt.getTime() || b.id.localeCompare(a.id);
}

/** The members of a party who have no shot in the fight yet: each joins once. */
export function newcomers(memberIds: readonly string[], inFight: ReadonlySet<string>): string[] {
  return [...new Set(memberIds)].filter((id) => !inFight.has(id));
}
