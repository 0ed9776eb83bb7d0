/** An encounter as last read: the JSON answered to members of its campaign, and its tag (JsonText.tagged). */
export interface CachedEncounter {
  campaignId: string;
  json: string;
  tag: string;
}

interface Entry extends CachedEncounter {
  storedAt: number;
}

/** Taken before an encounter is read: whether a change was announced since decides whether the read is kept. */
export interface ReadTicket {
  readonly change: number;
}

export interface EncounterCacheLimits {
  /** Encounters kept at most (the least recently read go first); 0 keeps none. */
  maxFights: number;
  /** How long an encounter is kept at most, so that a change nobody announced is seen all the same. */
  maxAgeMs: number;
}

/**
 * The encounters of this replica's recent reads, each answered again until its campaign announces a change.
 *
 * Every change to what an encounter shows is announced on its campaign's realtime topic after it commits (the
 * clients that follow the campaign rely on it), so an announcement drops the campaign's encounters here. A read
 * that overlapped an announcement may hold what was there before, so it is not kept; nor is anything while
 * announcements cannot arrive (`listening` false: the bus is down), and losing them drops everything.
 */
export class EncounterCache {
  private readonly entries = new Map<string, Entry>();
  private readonly fightsOf = new Map<string, Set<string>>();
  /** Announcements counted so far; a ticket holds the count it was taken at. */
  private changes = 0;
  /** The count at each campaign's last announcement, kept while reads that could overlap it are in flight. */
  private readonly changedAt = new Map<string, number>();
  private everythingChangedAt = 0;
  private readsInFlight = 0;
  private listening = false;

  constructor(
    private readonly limits: EncounterCacheLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** The encounter of fight `fightId` as last read, unless a change was announced or it is too old. */
  get(fightId: string): CachedEncounter | undefined {
    const entry = this.entries.get(fightId);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt > this.limits.maxAgeMs) {
      this.drop(fightId, entry.campaignId);
      return undefined;
    }
    // Most recently read last: the first entry is the one to go when the cache is full.
    this.entries.delete(fightId);
    this.entries.set(fightId, entry);
    return entry;
  }

  startRead(): ReadTicket {
    this.readsInFlight += 1;
    return { change: this.changes };
  }

  /** Keeps what the read of `ticket` found, unless a change of its campaign was announced since it started. */
  keep(ticket: ReadTicket, fightId: string, encounter: CachedEncounter): void {
    if (!this.listening || this.limits.maxFights === 0) return;
    if (ticket.change < this.everythingChangedAt) return;
    if ((this.changedAt.get(encounter.campaignId) ?? -1) > ticket.change) return;
    const previous = this.entries.get(fightId);
    if (previous) this.drop(fightId, previous.campaignId);
    while (this.entries.size >= this.limits.maxFights) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      this.drop(oldest, entry.campaignId);
    }
    this.entries.set(fightId, { ...encounter, storedAt: this.now() });
    let fights = this.fightsOf.get(encounter.campaignId);
    if (!fights) this.fightsOf.set(encounter.campaignId, (fights = new Set()));
    fights.add(fightId);
  }

  /** Ends the read of a ticket, kept or not. */
  finishRead(): void {
    this.readsInFlight = Math.max(0, this.readsInFlight - 1);
    if (this.readsInFlight === 0) this.changedAt.clear();
  }

  /** A change of campaign `campaignId` was announced: its encounters are read afresh. */
  campaignChanged(campaignId: string): void {
    this.changes += 1;
    if (this.readsInFlight > 0) this.changedAt.set(campaignId, this.changes);
    for (const fightId of this.fightsOf.get(campaignId) ?? []) this.entries.delete(fightId);
    this.fightsOf.delete(campaignId);
  }

  /** Whether announcements can arrive; any change drops everything (some may have been missed). */
  setListening(listening: boolean): void {
    if (listening === this.listening) return;
    this.listening = listening;
    this.changes += 1;
    this.everythingChangedAt = this.changes;
    this.entries.clear();
    this.fightsOf.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(fightId: string, campaignId: string): void {
    this.entries.delete(fightId);
    const fights = this.fightsOf.get(campaignId);
    fights?.delete(fightId);
    if (fights?.size === 0) this.fightsOf.delete(campaignId);
  }
}
