import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CABLE_PATH } from '../cable/cable.server.js';
import { requestPath } from '../cable/cable.protocol.js';
import { SOCKET_IO_PATH } from '../socketio/socketio.server.js';

/** Whether an upgrade request is for a path nobody handles (socket.io takes its path's prefix, /cable its path). */
export function isUnknownUpgrade(url: string | undefined): boolean {
  const path = requestPath(url);
  return path !== CABLE_PATH && !path.startsWith(`${SOCKET_IO_PATH}/`);
}

/**
 * socket.io leaves upgrades of other paths alone (so that /cable can take its own), and Node keeps an upgrade
 * nobody answers open until it times out: an upgrade of any other path is answered 404 and closed at once.
 */
@Injectable()
export class UnknownUpgrades implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('upgrade', this.refuse);
  }

  onApplicationShutdown(): void {
    this.server?.off('upgrade', this.refuse);
  }

  private readonly refuse = (request: IncomingMessage, socket: Duplex): void => {
    if (!isUnknownUpgrade(request.url)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };
}
