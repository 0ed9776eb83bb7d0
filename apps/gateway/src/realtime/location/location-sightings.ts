import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Subjects } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { ConnectionRegistry } from '../connections/connection-registry.js';
import { sightingReports } from './location-sightings.rules.js';

/** How often a gateway reports the participants it holds connections of (LOCATION_PARTICIPANT_UNSEEN_MINUTES ≥ 2). */
export const SIGHTING_REPORT_INTERVAL_MS = 60_000;

/**
 * Tells realtime-location, every minute, which participants this replica holds connections of
 * (`location.participants.seen`, each named by its own token), so that a participant who watches without sending
 * positions is not marked left as unseen, and one whose connections are all gone is, once the unseen period has
 * passed. A report that fails is logged and the next one follows.
 */
@Injectable()
export class LocationSightings implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LocationSightings.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly services: ServiceClient,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.report(), SIGHTING_REPORT_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Reports every participant this replica holds a connection of, now. */
  async report(): Promise<void> {
    await Promise.all(
      sightingReports(this.registry.identities()).map(async (report) => {
        try {
          await this.services.request(Subjects.location.participants.seen, report);
        } catch (error) {
          this.logger.warn({ err: error, session: report.session_id }, 'Could not report participants seen');
        }
      }),
    );
  }
}
