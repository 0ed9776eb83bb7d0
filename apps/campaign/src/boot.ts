import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootService } from '@shotcaller/messaging';
import { CampaignAppModule } from './app.module.js';
import type { CampaignEnv } from './config.js';

export function bootCampaign(
  config: CampaignEnv,
  options: { shutdownHooks?: boolean; host?: string } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'campaign',
    config,
    module: CampaignAppModule.forRoot(config),
    ...options,
  });
}
