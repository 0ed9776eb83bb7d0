import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootService } from '@shotcaller/messaging';
import { JobsAppModule } from './app.module.js';
import type { JobsEnv } from './config.js';
import { mountQueueDashboard } from './dashboard/queue-dashboard.js';

export function bootJobs(
  config: JobsEnv,
  options: { shutdownHooks?: boolean; host?: string } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'jobs',
    config,
    module: JobsAppModule.forRoot(config),
    configureHttp: mountQueueDashboard,
    ...options,
  });
}
