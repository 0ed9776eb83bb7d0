import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { actorTokensFrom, backendServiceModule } from '@shotcaller/messaging';
import { PersistenceModule, postgresReadiness, type PersistenceOptions } from '@shotcaller/persistence';
import type { ChatEnv } from './config.js';
import { chatMigrations } from './migrations/index.js';

/** The chat database's entities (none yet): they declare what its migrations create. */
export const chatEntities: PersistenceOptions['entities'] = [];

/** Live chat: communities, channels, messages. Connected to its own database; features arrive with the chat issue. */
@Module({})
export class ChatAppModule {
  static forRoot(config: ChatEnv): DynamicModule {
    return backendServiceModule(ChatAppModule, {
      service: 'chat',
      config,
      actorTokens: actorTokensFrom(config),
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          entities: chatEntities,
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
