import 'reflect-metadata';
import { runService } from '@shotcaller/messaging';
import { bootGateway } from './boot.js';
import { loadGatewayConfig } from './config.js';

await runService('gateway', () => bootGateway(loadGatewayConfig(), { shutdownHooks: true }));
