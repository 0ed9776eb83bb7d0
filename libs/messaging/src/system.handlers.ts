import { hostname } from 'node:os';
import { type Type } from '@nestjs/common';
import {
  SystemSubjects,
  type BackendServiceName,
  type HealthReply,
  type PingReply,
} from '@shotcaller/contracts';
import { Readiness } from '@shotcaller/observability';
import { RpcHandler } from './rpc/rpc-handler.js';
import { RpcHandlers } from './rpc/rpc-handlers.js';

const startedAt = Date.now();

/** `<service>.ping` (the process is consuming its subjects) and `<service>.health` (its readiness report). */
export function systemHandlers(service: BackendServiceName): Type {
  const subjects = SystemSubjects[service];

  @RpcHandlers()
  class SystemHandlers {
    constructor(private readonly readiness: Readiness) {}

    @RpcHandler(subjects.ping)
    ping(): PingReply {
      return {
        service,
        instance: `${hostname()}:${process.pid}`,
        uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
        time: new Date().toISOString(),
      };
    }

    @RpcHandler(subjects.health)
    health(): Promise<HealthReply> {
      return this.readiness.report();
    }
  }

  return SystemHandlers;
}
