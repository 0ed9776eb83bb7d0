import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootService } from '@shotcaller/messaging';
import { CampaignAppModule } from './app.module.js';
import type { CampaignEnv } from './config.js';
import type { LogDestination } from '@shotcaller/observability';

export function bootCampaign(
  config: CampaignEnv,
  options: { shutdownHooks?: boolean; host?: string; logDestination?: LogDestination } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'campaign',
    config,
    module: CampaignAppModule.forRoot(config),
    ...options,
  });
}
