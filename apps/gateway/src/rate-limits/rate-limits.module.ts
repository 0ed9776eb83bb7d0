import { Module, type DynamicModule } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { GatewayEnv } from '../config.js';
import { LimitBudget } from './limit-budget.js';
import {
  ACTIVE_LIMITS,
  MINUTE_MS,
  RateLimitGuard,
  rateLimitRules,
  UserRateLimitGuard,
  type ActiveLimit,
} from './rate-limits.js';
import { RedisBudgetStore } from './redis-budget-store.js';

@Module({})
export class RateLimitsModule {
  static forRoot(config: GatewayEnv): DynamicModule {
    return {
      module: RateLimitsModule,
      providers: [
        {
          provide: ACTIVE_LIMITS,
          inject: [Redis],
          useFactory: (redis: Redis): ActiveLimit[] => {
            const store = new RedisBudgetStore(redis);
            return rateLimitRules(config).map((rule) => ({
              rule,
              budget: new LimitBudget({ name: rule.name, limit: rule.limit, windowMs: MINUTE_MS }, store),
            }));
          },
        },
        RateLimitGuard,
        UserRateLimitGuard,
      ],
      exports: [RateLimitGuard, UserRateLimitGuard],
    };
  }
}
