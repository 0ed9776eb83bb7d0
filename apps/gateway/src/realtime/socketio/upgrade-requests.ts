import { ServerResponse } from 'node:http';
import type { Server } from 'socket.io';

/**
 * engine.io keeps the HTTP request that opened a connection for the connection's whole life: as the connection's
 * `request`, and, for a WebSocket upgrade, through the stand-in response it builds for HTTP middlewares (its
 * 'close' listener on the TCP socket holds the response, which holds the request). socket.io copies what it reads
 * of the request (headers, query, address, url) into the socket's handshake when the socket is made, and the
 * gateway reads nothing else, so both references are let go: ~2.7 KiB per idle connection
 * (bench/realtime, idle-memory).
 */
export function releaseUpgradeRequests(io: Server): void {
  // Registered after engine.io's own CORS middleware, the last that writes headers through the stand-in.
  io.engine.use((_request: unknown, response: unknown, next: (error?: unknown) => void) => {
    if (!(response instanceof ServerResponse)) (response as { req?: unknown }).req = undefined;
    next();
  });
  // The handshake has its copies by the time socket.io runs the first socket middleware.
  io.use((socket, next) => {
    (socket.conn as { request?: unknown }).request = undefined;
    next();
  });
}
