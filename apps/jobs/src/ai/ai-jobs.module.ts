import { Module, type DynamicModule } from '@nestjs/common';
import type { JobsEnv } from '../config.js';
import { AiJobs } from './ai.jobs.js';
import { CHARACTER_SOURCE, LocalCharacterSource, ProviderCharacterSource } from './character-sources.js';

/** The `ai` queue's runner, on the configured provider (AI_BASE_URL) or, without one, the local generator. */
@Module({})
export class AiJobsModule {
  static forRoot(config: JobsEnv): DynamicModule {
    const source = config.AI_BASE_URL
      ? new ProviderCharacterSource({
          baseUrl: config.AI_BASE_URL,
          apiKey: config.AI_API_KEY,
          model: config.AI_MODEL,
          timeoutMs: config.AI_TIMEOUT_MS,
        })
      : new LocalCharacterSource();
    return {
      module: AiJobsModule,
      providers: [{ provide: CHARACTER_SOURCE, useValue: source }, AiJobs],
      exports: [AiJobs],
    };
  }
}
