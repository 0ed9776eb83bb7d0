import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { ServiceName, Subjects } from '@shotcaller/contracts';
import { NamespacedNatsClient } from '@shotcaller/messaging';
import { imageDeletedEventOf } from './record-image.rules.js';
import { RecordImagesService } from './record-images.service.js';

/**
 * Follows `media.image.deleted`: a record that still names the deleted image drops it (with its image positions)
 * and is announced. One replica handles each event (the service's queue group); only the media service may
 * publish the subject (nats-access.json), and a message that is not the event is ignored. An event missed while
 * this service is away leaves a record naming an image that is gone: its `image_url` answers 404 until it is
 * given another.
 */
@Injectable()
export class DeletedImagesListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeletedImagesListener.name);
  private subscription?: Subscription;

  constructor(
    private readonly nats: NamespacedNatsClient,
    private readonly images: RecordImagesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.nats.listen(
      Subjects.media.events.imageDeleted,
      (message) => {
        const event = imageDeletedEventOf(message);
        if (!event) {
          this.logger.warn('Ignored a media.image.deleted message that is not the event');
          return;
        }
        this.images.dropDeleted(event.image_id).catch((error: unknown) => {
          // The error's kind only: a database error's text carries the statement's values.
          const kind = error instanceof Error ? error.name : typeof error;
          this.logger.warn({ error: kind }, 'A record could not drop a deleted image');
        });
      },
      { queue: ServiceName.Campaign },
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
