import { Controller, Get, Res } from '@nestjs/common';
import { Public, Readiness } from '@shotcaller/observability';
import type { Response } from 'express';
import { detailedHealth, type DetailedHealth } from './location-health.rules.js';

/**
 * `/health` (the verdict) and `/health/detailed` (each dependency with its latency), as the original service
 * answered them, beside the `/health/live` and `/health/ready` every service has. 503 while not ready.
 */
@Public()
@Controller('health')
export class LocationHealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get()
  async summary(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: DetailedHealth['status']; service: 'realtime-location' }> {
    const { status } = await this.readiness.report();
    if (status !== 'ok') res.status(503);
    return { status, service: 'realtime-location' };
  }

  @Get('detailed')
  async detailed(@Res({ passthrough: true }) res: Response): Promise<DetailedHealth> {
    const health = detailedHealth(await this.readiness.report());
    if (health.status !== 'ok') res.status(503);
    return health;
  }
}
