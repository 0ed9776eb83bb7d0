import type { Server } from 'node:http';
import { Inject, Injectable, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { NamespacedNatsServer } from './nats/namespaced-nats.transport.js';

/**
 * The first step of stopping, before the HTTP server closes: take no new NATS work (drain: what was already
 * routed here is still answered) and let go of keep-alive HTTP clients, whose connections would otherwise keep the
 * HTTP server, and so the whole shutdown, waiting for as long as they poll.
 */
@Injectable()
export class GracefulStop implements BeforeApplicationShutdown {
  private stopping = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(NamespacedNatsServer) private readonly natsServer?: NamespacedNatsServer,
  ) {}

  /** Express middleware: while stopping, every answer closes its connection after it is sent. */
  readonly closeConnectionsWhileStopping = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.stopping) res.setHeader('Connection', 'close');
    next();
  };

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    (this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined)?.closeIdleConnections();
    await this.natsServer?.close();
  }
}
