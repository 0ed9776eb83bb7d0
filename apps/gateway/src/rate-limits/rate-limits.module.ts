import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import type { GatewayEnv } from '../config.js';
import { keyByTracker, RateLimitGuard, throttlers } from './rate-limits.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

@Module({})
export class RateLimitsModule {
  static forRoot(config: GatewayEnv): DynamicModule {
    return {
      module: RateLimitsModule,
      imports: [
        ThrottlerModule.forRootAsync({
          inject: [Redis],
          useFactory: (redis: Redis) => ({
            throttlers: throttlers(config),
            storage: new RedisThrottlerStorage(redis),
            generateKey: keyByTracker,
          }),
        }),
      ],
      providers: [RateLimitGuard],
      exports: [RateLimitGuard, ThrottlerModule],
    };
  }
}
