import 'reflect-metadata';
import { runService } from '@shotcaller/messaging';
import { bootCampaign } from './boot.js';
import { loadCampaignConfig } from './config.js';

await runService('campaign', () => bootCampaign(loadCampaignConfig(), { shutdownHooks: true }));
