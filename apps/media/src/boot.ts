import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootService } from '@shotcaller/messaging';
import { MediaAppModule } from './app.module.js';
import type { MediaEnv } from './config.js';

export function bootMedia(
  config: MediaEnv,
  options: { shutdownHooks?: boolean; host?: string } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'media',
    config,
    module: MediaAppModule.forRoot(config),
    ...options,
  });
}
