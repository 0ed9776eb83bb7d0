import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootService } from '@shotcaller/messaging';
import type { LogDestination } from '@shotcaller/observability';
import { MediaAppModule } from './app.module.js';
import type { MediaEnv } from './config.js';

export function bootMedia(
  config: MediaEnv,
  options: { shutdownHooks?: boolean; host?: string; logDestination?: LogDestination } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'media',
    config,
    module: MediaAppModule.forRoot(config),
    // No body parser: an upload's body is the image's bytes, streamed from the request as they arrive.
    appOptions: { bodyParser: false },
    ...options,
  });
}
