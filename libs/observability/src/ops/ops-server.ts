import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Readiness } from '../health/health.module.js';
import { Metrics } from '../metrics/metrics.js';

const OPS_OPTIONS = Symbol('OPS_OPTIONS');

export interface OpsOptions {
  /** OPS_PORT; 0 takes any free port. */
  port: number;
  host?: string;
}

/**
 * The operations port: Prometheus metrics and the detailed readiness report (each dependency with its round
 * trip), on a port of its own so that an ingress routing the public port can never expose them. A plain HTTP
 * server: it shares nothing with the API's middleware, rate limits or authentication.
 */
@Injectable()
export class OpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OpsServer.name);
  private server: Server | undefined;

  constructor(
    @Inject(OPS_OPTIONS) private readonly options: OpsOptions,
    @Inject(Metrics) private readonly metrics: Metrics,
    private readonly readiness: Readiness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A service that also serves NATS runs the bootstrap hooks twice (HTTP app and microservice): listen once.
    if (this.server) return;
    const server = createServer((req, res) => {
      this.answer(req, res).catch((error: unknown) => {
        this.logger.error({ err: error }, 'Operations request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error' }));
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => resolve());
    });
  }

  /** The server's base URL (`http://127.0.0.1:<port>`), once listening. */
  url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The operations server is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { status: 'method_not_allowed' });
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': this.metrics.registry.contentType });
      res.end(await this.metrics.registry.metrics());
      return;
    }
    if (path === '/health/ready') {
      const report = await this.readiness.report();
      return send(res, report.status === 'ok' ? 200 : 503, report);
    }
    if (path === '/health/live') return send(res, 200, { status: 'ok' });
    return send(res, 404, { status: 'not_found' });
  }
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

@Module({})
export class OpsModule {
  static forRoot(options: OpsOptions): DynamicModule {
    return {
      module: OpsModule,
      global: true,
      providers: [{ provide: OPS_OPTIONS, useValue: options }, OpsServer],
      exports: [OpsServer],
    };
  }
}
