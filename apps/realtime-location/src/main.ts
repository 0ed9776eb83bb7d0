import 'reflect-metadata';
import { runService } from '@shotcaller/messaging';
import { bootLocation } from './boot.js';
import { loadLocationConfig } from './config.js';

await runService('realtime-location', () => bootLocation(loadLocationConfig(), { shutdownHooks: true }));
