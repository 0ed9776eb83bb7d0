import 'reflect-metadata';
import { runService } from '@shotcaller/messaging';
import { bootMedia } from './boot.js';
import { loadMediaConfig } from './config.js';

await runService('media', () => bootMedia(loadMediaConfig(), { shutdownHooks: true }));
