import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Res,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
} from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { Public } from '../public-route.js';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

/** Flips to true when shutdown starts, so readiness fails and load balancers stop sending traffic. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  private stopping = false;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }
}

const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export class ReadinessReport {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Each dependency: status, round trip',
  })
  details: HealthCheckResult['details'];
}

/** Readiness as the public port tells it: the verdict alone (the detail is on the operations port). */
class PublicReadinessReport {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: ReadinessReport['status'];
}

class LivenessReport {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

/** Runs the app's own dependency checks: PostgreSQL, Redis, NATS, storage, as the app declares them. */
@Injectable()
export class Readiness {
  constructor(
    private readonly health: HealthCheckService,
    private readonly shutdown: ShutdownState,
    @Inject(READINESS_CHECKS) private readonly checks: HealthIndicatorFunction[],
  ) {}

  async report(): Promise<ReadinessReport> {
    if (this.shutdown.shuttingDown) return { status: 'shutting_down', details: {} };
    try {
      const result = await this.health.check(this.checks);
      return { status: 'ok', details: result.details };
    } catch (error) {
      const result = (error as { getResponse?: () => unknown }).getResponse?.() as
        HealthCheckResult | undefined;
      if (!result?.details) throw error;
      return { status: 'error', details: result.details };
    }
  }
}

@Public()
@ApiTags('operations')
@Controller('health')
class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** The process is up and its event loop answers. Checks nothing else, so a dependency outage never restarts pods. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (checks nothing else)' })
  @ApiOkResponse({ type: LivenessReport })
  live(): LivenessReport {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: "Readiness: this process's own dependencies are reachable" })
  @ApiOkResponse({ type: PublicReadinessReport })
  @ApiServiceUnavailableResponse({
    type: PublicReadinessReport,
    description: 'A dependency is down, or shutting down',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<PublicReadinessReport> {
    // Which dependency is down, and its address, is for operators: the detail is on the operations port.
    const { status } = await this.readiness.report();
    if (status !== 'ok') res.status(503);
    return { status };
  }
}

export interface HealthOptions {
  /** Builds the app's readiness checks from the terminus indicator service and the injected dependencies. */
  checks: (indicators: HealthIndicatorService, ...dependencies: never[]) => HealthIndicatorFunction[];
  inject?: InjectionToken[];
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        ShutdownState,
        Readiness,
        {
          provide: READINESS_CHECKS,
          inject: [HealthIndicatorService, ...(options.inject ?? [])],
          useFactory: options.checks as (...args: unknown[]) => HealthIndicatorFunction[],
        },
      ],
      exports: [Readiness, ShutdownState],
    };
  }
}
