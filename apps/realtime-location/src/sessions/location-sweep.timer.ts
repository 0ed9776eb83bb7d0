import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LOCATION_SETTINGS, type LocationSettings } from '../location.settings.js';
import { LiveLocations } from '../locations/live-locations.store.js';
import { LocationSessionsService } from './location-sessions.service.js';

/**
 * Runs the sweep every LOCATION_SWEEP_INTERVAL_MS, for deployments without the jobs service (which schedules
 * `location.sessions.sweep` itself; the timer is off by default). A Redis lock lets one replica a round do it; the
 * sweep is safe to run twice anyway.
 */
@Injectable()
export class LocationSweepTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LocationSweepTimer.name);
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly sessions: LocationSessionsService,
    private readonly live: LiveLocations,
    @Inject(LOCATION_SETTINGS) private readonly settings: LocationSettings,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.settings.sweepIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.round(interval).finally(() => (this.running = undefined));
    }, interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async round(interval: number): Promise<void> {
    try {
      // Held a little less than a round, so the next round's holder may be any replica.
      if (!(await this.live.takeLock('sweep', Math.max(1, interval - 100), this.owner))) return;
      await this.sessions.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'The location sweep failed; the next round tries again');
    }
  }
}
