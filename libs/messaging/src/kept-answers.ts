/** A tagged answer as a caller keeps it: the JSON bytes and the tag that names them. */
export interface KeptAnswer {
  tag: string;
  json: Buffer;
}

/** What an entry holds: its answer's bytes, its tag and its key (counted as bytes of text, near enough). */
function sizeOf(key: string, answer: KeptAnswer): number {
  return key.length + answer.tag.length + answer.json.length;
}

/**
 * The latest tagged answer to each request a caller passes on, so that the next identical request names the tag it
 * holds and the service, when the answer would be the same, sends the tag without the body. Bounded by the bytes
 * held: the least recently used answers go first, and an answer larger than a quarter of the bound is not kept.
 *
 * An entry is found by the request (subject and payload), but what it holds is only ever answered to a caller the
 * service has just said would get those very bytes (the tag is a digest of them), so one caller's answer can serve
 * another only when the service answers both alike.
 */
export class KeptAnswers {
  private readonly entries = new Map<string, KeptAnswer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  /** The answer kept for `key`, now the most recently used. */
  get(key: string): KeptAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Keeps a copy of `json` (the caller's buffer may be a view of a larger one) under `key`. */
  keep(key: string, tag: string, json: Buffer): KeptAnswer {
    const answer = { tag, json: Buffer.from(json) };
    this.drop(key);
    const size = sizeOf(key, answer);
    if (size > this.maxBytes / 4) return answer;
    while (this.bytes + size > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    this.entries.set(key, answer);
    this.bytes += size;
    return answer;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(key, entry);
  }
}
