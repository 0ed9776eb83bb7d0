import { hostname } from 'node:os';
import { type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { SystemSubjects, type BackendServiceName, type PingReply } from '@shotcaller/contracts';
import { Readiness, type ReadinessReport } from '@shotcaller/observability';
import { RpcHandlers } from './rpc/rpc-handlers.js';

const startedAt = Date.now();

/** `<service>.ping` (the process is consuming its subjects) and `<service>.health` (its readiness report). */
export function systemHandlers(service: BackendServiceName): Type {
  const subjects = SystemSubjects[service];

  @RpcHandlers()
  class SystemHandlers {
    constructor(private readonly readiness: Readiness) {}

    @MessagePattern(subjects.ping)
    ping(): PingReply {
      return {
        service,
        instance: `${hostname()}:${process.pid}`,
        uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
        time: new Date().toISOString(),
      };
    }

    @MessagePattern(subjects.health)
    health(): Promise<ReadinessReport> {
      return this.readiness.report();
    }
  }

  return SystemHandlers;
}
