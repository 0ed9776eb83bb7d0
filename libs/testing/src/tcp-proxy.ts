import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Transform } from 'node:stream';

/** Called for each connection a client opens; what it returns sees every chunk that client sends, in order. */
export type ClientWatcher = () => (chunk: Buffer) => void;

/**
 * A TCP proxy in front of a store, so a test can take the store away from a service without touching the store:
 * cut every connection and refuse new ones, as a restart or a network partition would, or hold what clients send,
 * as a stalled store or network would (connections stay open, the bytes are kept in order until released). What
 * the store sends is never held.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private holding = false;
  /** Each passes on one chunk a client sent while held. */
  private readonly held: (() => void)[] = [];

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly watchClient: ClientWatcher | undefined,
  ) {}

  static async start(targetUrl: string, defaultPort: number, watchClient?: ClientWatcher): Promise<TcpProxy> {
    const target = new URL(targetUrl);
    const proxy = new TcpProxy(target.hostname, Number(target.port || defaultPort), watchClient);
    await proxy.open();
    return proxy;
  }

  /** The target URL rewritten to go through the proxy. */
  urlFor(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString().replace(/\/$/, '');
  }

  /** Accepts connections again, on the same port. */
  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.once('error', () => socket.destroy());
      }
      const watch = this.watchClient?.();
      // While held, a chunk waits here and the ones after it queue behind it, so the order is kept.
      const gate = new Transform({
        transform: (chunk: Buffer, _encoding, pass) => {
          watch?.(chunk);
          if (this.holding) this.held.push(() => pass(null, chunk));
          else pass(null, chunk);
        },
      });
      client.pipe(gate).pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** From now on, keeps what clients send instead of passing it on; connections stay open. */
  hold(): void {
    this.holding = true;
  }

  /** Passes on everything kept, in the order it was sent, and stops holding. */
  release(): void {
    this.holding = false;
    for (const pass of this.held.splice(0)) pass();
  }

  /** Drops every connection, with whatever it had held, and refuses new ones until open() is called. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.held.length = 0;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.cut();
  }
}
