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

/** Takes one token if there is one (refilling at `perSecond` up to `burst` since the last take). */
export function takeToken(bucket: Bucket, spec: RateSpec, now: number): boolean {
  const refilled = Math.min(
    spec.burst,
    bucket.tokens + (Math.max(0, now - bucket.at) * spec.perSecond) / 1000,
  );
  bucket.at = now;
  if (refilled < 1) {
    bucket.tokens = refilled;
    return false;
  }
  bucket.tokens = refilled - 1;
  return true;
}

/**
 * The per-connection rate limits of chatty commands. Commands are grouped (`subscribe`, `unsubscribe` and
 * `presence:heartbeat` share the `commands` budget); a feature adds its own group with `limit(...)`
 * (`location:update`, `chat:typing`, `chat:send`). A command not named here is not limited.
 */
export class CommandLimits {
  private readonly groupOf = new Map<string, string>();
  private readonly specs = new Map<string, RateSpec>();

  /** Limits these commands together with one budget. */
  limit(group: string, spec: RateSpec, commands: readonly string[]): this {
    this.specs.set(group, spec);
    for (const command of commands) this.groupOf.set(command, group);
    return this;
  }

  /** A fresh set of buckets for one connection. */
  forConnection(): ConnectionLimits {
    return new ConnectionLimits(this.groupOf, this.specs);
  }
}

/** One connection's buckets. */
export class ConnectionLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly groupOf: ReadonlyMap<string, string>,
    private readonly specs: ReadonlyMap<string, RateSpec>,
  ) {}

  /** Whether the command may run now (and counts it). */
  allow(command: string, now = Date.now()): boolean {
    const group = this.groupOf.get(command);
    if (group === undefined) return true;
    const spec = this.specs.get(group) as RateSpec;
    let bucket = this.buckets.get(group);
    if (!bucket) this.buckets.set(group, (bucket = { tokens: spec.burst, at: now }));
    return takeToken(bucket, spec, now);
  }
}
