import { Module, type DynamicModule } from '@nestjs/common';
import { MailJobs } from './mail-jobs.runner.js';
import { MAIL_SETTINGS, mailSettingsFrom, type MailSettings } from './mail-settings.js';
import { MailTransport } from './mail-transport.js';

/** The `mail` queue's runner and the SMTP transport it sends through. */
@Module({})
export class MailJobsModule {
  static forRoot(config: MailSettings): DynamicModule {
    return {
      module: MailJobsModule,
      providers: [{ provide: MAIL_SETTINGS, useValue: mailSettingsFrom(config) }, MailTransport, MailJobs],
      exports: [MailJobs],
    };
  }
}
