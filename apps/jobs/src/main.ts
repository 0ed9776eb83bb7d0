import 'reflect-metadata';
import { runService } from '@shotcaller/messaging';
import { bootJobs } from './boot.js';
import { loadJobsConfig } from './config.js';

await runService('jobs', () => bootJobs(loadJobsConfig(), { shutdownHooks: true }));
