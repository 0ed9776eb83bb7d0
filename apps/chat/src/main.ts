import 'reflect-metadata';
import { runService } from '@shotcaller/messaging';
import { bootChat } from './boot.js';
import { loadChatConfig } from './config.js';

await runService('chat', () => bootChat(loadChatConfig(), { shutdownHooks: true }));
