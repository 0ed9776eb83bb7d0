import { TcpProxy } from './tcp-proxy.js';

/** Untyped packets a client may send before its StartupMessage; another untyped packet follows them. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Splits a PostgreSQL client's byte stream into frontend protocol messages and reports each one's type byte. The
 * first packet of a connection (the startup packet, or an SSL/GSS request before it) has no type byte. The stream
 * must be plain: an encrypted connection cannot be read.
 */
export class FrontendMessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private startingUp = true;

  constructor(private readonly onMessage: (type: string) => void) {}

  push(chunk: Buffer): void {
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      const left = buffer.length - offset;
      if (this.startingUp) {
        if (left < 8) break;
        const length = buffer.readInt32BE(offset);
        if (left < length) break;
        const code = buffer.readInt32BE(offset + 4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.startingUp = false;
        offset += length;
        continue;
      }
      if (left < 5) break;
      const length = buffer.readInt32BE(offset + 1);
      if (left < 1 + length) break;
      this.onMessage(String.fromCharCode(buffer[offset]));
      offset += 1 + length;
    }
    this.pending = buffer.subarray(offset);
  }
}

/**
 * A TCP proxy in front of PostgreSQL that counts the statements its clients execute: Execute ('E', extended
 * protocol, prepared or not) and Query ('Q', simple protocol) messages. Counting at the wire makes the count
 * independent of how the code issues its queries (ORM, query builder, driver, transaction or not).
 */
export class StatementCountingProxy {
  private constructor(
    private readonly proxy: TcpProxy,
    private readonly sentByType: Map<string, number>,
  ) {}

  static async start(targetUrl: string, defaultPort = 5432): Promise<StatementCountingProxy> {
    const sentByType = new Map<string, number>();
    const proxy = await TcpProxy.start(targetUrl, defaultPort, () => {
      const reader = new FrontendMessageReader((type) =>
        sentByType.set(type, (sentByType.get(type) ?? 0) + 1),
      );
      return (chunk) => reader.push(chunk);
    });
    return new StatementCountingProxy(proxy, sentByType);
  }

  /** Statements executed through the proxy so far. */
  get statements(): number {
    return this.sent('E') + this.sent('Q');
  }

  /** Frontend messages of one type sent so far (`P` Parse, `B` Bind, `E` Execute, `Q` Query, ...). */
  sent(type: string): number {
    return this.sentByType.get(type) ?? 0;
  }

  /** The statements executed while `work` ran (for a request: between sending it and reading its answer). */
  async count(work: () => Promise<unknown>): Promise<number> {
    const before = this.statements;
    await work();
    return this.statements - before;
  }

  /** The target URL rewritten to go through the proxy. */
  urlFor(targetUrl: string): string {
    return this.proxy.urlFor(targetUrl);
  }

  close(): Promise<void> {
    return this.proxy.close();
  }
}
