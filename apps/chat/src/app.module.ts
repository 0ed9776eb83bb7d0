import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { backendServiceModule } from '@shotcaller/messaging';
import { PersistenceModule, postgresReadiness } from '@shotcaller/persistence';
import type { ChatEnv } from './config.js';
import { chatMigrations } from './migrations/index.js';

/** Live chat: communities, channels, messages. Connected to its own database; features arrive with the chat issue. */
@Module({})
export class ChatAppModule {
  static forRoot(config: ChatEnv): DynamicModule {
    return backendServiceModule(ChatAppModule, {
      service: 'chat',
      config,
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          entities: [],
          migrations: chatMigrations,
        }),
      ],
      readiness: {
        inject: [MikroORM],
        checks: (indicators: HealthIndicatorService, orm: MikroORM) => [postgresReadiness(indicators, orm)],
      },
    });
  }
}
