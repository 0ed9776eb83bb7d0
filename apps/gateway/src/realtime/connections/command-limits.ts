/** A token bucket: `tokens` left at `at` (epoch ms). */
export interface Bucket {
  tokens: number;
  at: number;
}

/** A sustained rate with a burst allowance. */
export interface RateSpec {
  perSecond: number;
  burst: number;
}

/** The tokens a bucket holds at `now`: refilled at `perSecond` since `at`, up to `burst`. */
function tokensAt(tokens: number, at: number, spec: RateSpec, now: number): number {
  return Math.min(spec.burst, tokens + (Math.max(0, now - at) * spec.perSecond) / 1000);
}

/** Takes one token if there is one (refilling at `perSecond` up to `burst` since the last take). */
export function takeToken(bucket: Bucket, spec: RateSpec, now: number): boolean {
  const tokens = tokensAt(bucket.tokens, bucket.at, spec, now);
  bucket.at = now;
  bucket.tokens = tokens < 1 ? tokens : tokens - 1;
  return tokens >= 1;
}

/**
 * The per-connection rate limits of chatty commands. Commands are grouped (`subscribe`, `unsubscribe` and
 * `presence:heartbeat` share the `commands` budget); a feature adds its own group with `limit(...)`
 * (`location:update`, `chat:typing`, `chat:send`). A command not named here is not limited.
 */
export class CommandLimits {
  private readonly groupOf = new Map<string, number>();
  private readonly groupIndex = new Map<string, number>();
  private readonly specs: RateSpec[] = [];

  /** Limits these commands together with one budget. */
  limit(group: string, spec: RateSpec, commands: readonly string[]): this {
    let index = this.groupIndex.get(group);
    if (index === undefined) {
      index = this.specs.length;
      this.groupIndex.set(group, index);
    }
    this.specs[index] = spec;
    for (const command of commands) this.groupOf.set(command, index);
    return this;
  }

  /** A fresh set of buckets for one connection. */
  forConnection(): ConnectionLimits {
    return new ConnectionLimits(this.groupOf, this.specs);
  }
}

/**
 * One connection's buckets. There is one per idle connection, so they are kept flat (each group's tokens and
 * time in turn, made when the group is first used) rather than as a map of objects.
 */
export class ConnectionLimits {
  private buckets: number[] | undefined;

  constructor(
    private readonly groupOf: ReadonlyMap<string, number>,
    private readonly specs: readonly RateSpec[],
  ) {}

  /** Whether the command may run now (and counts it). */
  allow(command: string, now = Date.now()): boolean {
    const group = this.groupOf.get(command);
    if (group === undefined) return true;
    const spec = this.specs[group];
    const at = 2 * group;
    let buckets = this.buckets;
    if (!buckets || buckets.length < at + 2) {
      // Made at the size needed (a pushed-to array reserves room for 16); a group not used yet reads NaN: full.
      const grown = new Array<number>(at + 2).fill(Number.NaN);
      for (let index = 0; index < (buckets?.length ?? 0); index++)
        grown[index] = (buckets as number[])[index];
      this.buckets = buckets = grown;
    }
    const tokens = Number.isNaN(buckets[at]) ? spec.burst : tokensAt(buckets[at], buckets[at + 1], spec, now);
    buckets[at] = tokens < 1 ? tokens : tokens - 1;
    buckets[at + 1] = now;
    return tokens >= 1;
  }
}
