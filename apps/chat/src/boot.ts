import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootService } from '@shotcaller/messaging';
import { ChatAppModule } from './app.module.js';
import type { ChatEnv } from './config.js';

export function bootChat(
  config: ChatEnv,
  options: { shutdownHooks?: boolean; host?: string } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'chat',
    config,
    module: ChatAppModule.forRoot(config),
    ...options,
  });
}
