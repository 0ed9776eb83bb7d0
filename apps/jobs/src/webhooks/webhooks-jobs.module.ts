import { Module, type DynamicModule } from '@nestjs/common';
import { WebhookJobs } from './webhook.jobs.js';
import { WebhookSender } from './webhook-sender.js';
import { WEBHOOK_SETTINGS, webhookSettingsFrom, type WebhookConfig } from './webhook-settings.js';

/** The `webhooks` queue's runner and the HTTP sender it posts through. */
@Module({})
export class WebhooksJobsModule {
  static forRoot(config: WebhookConfig): DynamicModule {
    return {
      module: WebhooksJobsModule,
      providers: [
        { provide: WEBHOOK_SETTINGS, useValue: webhookSettingsFrom(config) },
        WebhookSender,
        WebhookJobs,
      ],
      exports: [WebhookJobs],
    };
  }
}
