import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy that can hold what clients send, as a stalled server or network would: while held, connections stay
 * open and every byte clients send is kept, in order; released, it all reaches the server at once and traffic
 * flows again. (`TcpProxy` from @shotcaller/testing cuts connections instead: an outage.) What the server sends is
 * never held.
 */
export class HoldingProxy {
  private readonly sockets = new Set<Socket>();
  private readonly kept: { upstream: Socket; chunk: Buffer }[] = [];
  private holding = false;

  private constructor(private readonly server: Server) {}

  static async start(targetUrl: string, defaultPort: number): Promise<HoldingProxy> {
    const target = new URL(targetUrl);
    const targetPort = Number(target.port || defaultPort);
    const server = createServer();
    const proxy = new HoldingProxy(server);
    server.on('connection', (client: Socket) => proxy.connect(client, target.hostname, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** The target URL rewritten to go through the proxy. */
  urlFor(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as { port: number }).port);
    return url.toString().replace(/\/$/, '');
  }

  /** From now on, keeps what clients send instead of passing it on. */
  hold(): void {
    this.holding = true;
  }

  /** Passes on everything kept, in the order it was sent, and stops holding. */
  release(): void {
    this.holding = false;
    for (const { upstream, chunk } of this.kept.splice(0)) upstream.write(chunk);
  }

  async close(): Promise<void> {
    this.release();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connect(client: Socket, host: string, port: number): void {
    const upstream = createConnection({ host, port });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.once('error', () => socket.destroy());
    }
    client.on('data', (chunk: Buffer) => {
      if (this.holding) this.kept.push({ upstream, chunk });
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}
