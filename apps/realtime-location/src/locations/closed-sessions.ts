/**
 * Sessions this replica has found closed (ended, or past expires_at), at most `capacity` of them, the oldest
 * forgotten first. A session never opens again, so an update in one is refused without asking the database:
 * from expires_at until the sweep ends it, Redis no longer holds the session's participants, and every update
 * of theirs would otherwise read the database only to be refused.
 */
export class ClosedSessions {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(sessionId: string): boolean {
    return this.ids.has(sessionId);
  }

  add(sessionId: string): void {
    if (this.ids.has(sessionId)) return;
    this.ids.add(sessionId);
    // A Set iterates in insertion order: its first id is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
  }
}
