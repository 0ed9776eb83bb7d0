import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { EdgeAuthModule, JwtAuthGuard } from '@shotcaller/auth';
import { NamespacedNatsClient, natsReadiness, serviceFoundation } from '@shotcaller/messaging';
import { HealthModule, RequestContextMiddleware } from '@shotcaller/observability';
import { RedisModule, redisReadiness } from '@shotcaller/persistence';
import { GatewayRevocationStore } from './auth/revocation-store.js';
import { GatewayTokenStates } from './auth/token-states.js';
import type { GatewayEnv } from './config.js';
import { CampaignsController } from './http/campaigns/campaigns.controller.js';
import { HttpErrorFilter } from './http/errors/http-error.filter.js';
import { FactionsController } from './http/factions/factions.controller.js';
import { JuncturesController } from './http/junctures/junctures.controller.js';
import { WeaponsController } from './http/weapons/weapons.controller.js';
import { SchticksController } from './http/schticks/schticks.controller.js';
import { SitesController } from './http/sites/sites.controller.js';
import { PartiesController } from './http/parties/parties.controller.js';
import { FightLinksController } from './http/fights/fight-links.controller.js';
import { FightsController } from './http/fights/fights.controller.js';
import { ShotsController } from './http/fights/shots.controller.js';
import { CharacterEffectsController, EffectsController } from './http/fights/effects.controller.js';
import { ChaseRelationshipsController } from './http/chase-relationships/chase-relationships.controller.js';
import { CharactersController } from './http/characters/characters.controller.js';
import { CharacterSheetsController } from './http/characters/character-sheets.controller.js';
import { AiController } from './http/ai/ai.controller.js';
import { EncountersController } from './http/encounters/encounters.controller.js';
import { VehiclesController } from './http/vehicles/vehicles.controller.js';
import { ImagePositionsController } from './http/image-positions/image-positions.controller.js';
import { InvitationsController } from './http/invitations/invitations.controller.js';
import { LocationController } from './http/location/location.controller.js';
import { MembershipsController } from './http/memberships/memberships.controller.js';
import { PingController } from './http/ping/ping.controller.js';
import {
  QUEUE_DASHBOARD_OPTIONS,
  QueueDashboardController,
} from './http/queue-dashboard/queue-dashboard.controller.js';
import { SessionsController } from './http/sessions/sessions.controller.js';
import { UsersController } from './http/users/users.controller.js';
import { OnboardingController } from './http/users/onboarding.controller.js';
import { AccountTokensController } from './http/users/account-tokens.controller.js';
import { RequestValidationPipe } from './http/validation/request-validation.pipe.js';
import { RateLimitGuard, UserRateLimitGuard } from './rate-limits/rate-limits.js';
import { MediaController } from './http/media/media.controller.js';
import { MediaClient } from './http/media/media-client.js';
import { RateLimitsModule } from './rate-limits/rate-limits.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { LocationEndings } from './realtime/location/location-endings.js';
import { LocationSightings } from './realtime/location/location-sightings.js';
import { LocationSocketCommands } from './realtime/location/location-socket.commands.js';

/** The public edge: authenticates, validates, rate-limits, and turns HTTP calls into NATS requests. */
@Module({})
export class GatewayAppModule implements NestModule {
  static forRoot(config: GatewayEnv): DynamicModule {
    // One instance, shared with the realtime module: sockets pass through the very token checks HTTP does.
    const edgeAuth = EdgeAuthModule.forRoot({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      tokenStates: GatewayTokenStates,
      revocationStore: GatewayRevocationStore,
    });
    return {
      module: GatewayAppModule,
      imports: [
        ...serviceFoundation('gateway', config, {
          keptAnswerBytes: config.GATEWAY_KEPT_ANSWERS_MIB * 1024 * 1024,
        }),
        RedisModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX }),
        edgeAuth,
        RateLimitsModule.forRoot(config),
        RealtimeModule.forRoot(config, edgeAuth),
        HealthModule.forRoot({
          inject: [Redis, NamespacedNatsClient],
          checks: (indicators: HealthIndicatorService, redis: Redis, nats: NamespacedNatsClient) => [
            redisReadiness(indicators, redis),
            natsReadiness(indicators, () => nats.connection()),
          ],
        }),
      ],
      controllers: [
        SessionsController,
        UsersController,
        OnboardingController,
        AccountTokensController,
        CampaignsController,
        MembershipsController,
        InvitationsController,
        FactionsController,
        JuncturesController,
        WeaponsController,
        SchticksController,
        SitesController,
        PartiesController,
        FightsController,
        ShotsController,
        EffectsController,
        CharacterEffectsController,
        ChaseRelationshipsController,
        FightLinksController,
        CharacterSheetsController,
        CharactersController,
        AiController,
        EncountersController,
        VehiclesController,
        ImagePositionsController,
        PingController,
        LocationController,
        QueueDashboardController,
        MediaController,
      ],
      providers: [
        // Order matters: limits are counted before tokens are checked.
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        // Per-user limits are counted once the token names the user.
        { provide: APP_GUARD, useExisting: UserRateLimitGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        LocationSocketCommands,
        LocationEndings,
        LocationSightings,
        { provide: MediaClient, useValue: new MediaClient(new URL(config.MEDIA_SERVICE_URL)) },
        {
          provide: QUEUE_DASHBOARD_OPTIONS,
          useValue: { target: new URL(config.JOBS_DASHBOARD_URL), timeoutMs: 30_000 },
        },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
