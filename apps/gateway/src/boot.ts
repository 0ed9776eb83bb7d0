import { bootService } from '@shotcaller/messaging';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GatewayAppModule } from './app.module.js';
import type { GatewayEnv } from './config.js';
import { configureGatewayHttp } from './http/http-setup.js';

export function bootGateway(
  config: GatewayEnv,
  options: { shutdownHooks?: boolean; host?: string } = {},
): Promise<NestExpressApplication> {
  return bootService({
    service: 'gateway',
    config,
    module: GatewayAppModule.forRoot(config),
    host: options.host,
    shutdownHooks: options.shutdownHooks,
    appOptions: { bodyParser: false },
    configureHttp: configureGatewayHttp(config),
  });
}
