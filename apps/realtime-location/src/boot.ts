import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootService } from '@shotcaller/messaging';
import { LocationAppModule } from './app.module.js';
import type { LocationEnv } from './config.js';

export function bootLocation(
  config: LocationEnv,
  options: { shutdownHooks?: boolean; host?: string } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'realtime-location',
    config,
    module: LocationAppModule.forRoot(config),
    ...options,
  });
}
