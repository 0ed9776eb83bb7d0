import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { readPrivateKey, VerificationKeys } from '@shotcaller/auth';
import { backendServiceModule, IDEMPOTENCY_STORE } from '@shotcaller/messaging';
import {
  IdempotencyKeySchema,
  PersistenceModule,
  postgresReadiness,
  type PersistenceOptions,
} from '@shotcaller/persistence';
import { CampaignMembershipSchema, CampaignSchema } from './campaigns/campaign.entity.js';
import { CampaignsHandlers } from './campaigns/campaigns.handlers.js';
import { CampaignsService } from './campaigns/campaigns.service.js';
import { AdvancementSchema } from './characters/advancement.entity.js';
import { AttunementSchema } from './characters/attunement.entity.js';
import { CarrySchema } from './characters/carry.entity.js';
import { CharacterSchtickSchema } from './characters/character-schtick.entity.js';
import { CharacterSchema } from './characters/character.entity.js';
import { CharactersHandlers } from './characters/characters.handlers.js';
import { CharactersService } from './characters/characters.service.js';
import { NotionSyncOutcomes } from './characters/notion-sync.outcomes.js';
import { NotionSyncQueue } from './characters/notion-sync-queue.js';
import { CharacterJobsHandlers } from './characters/character-jobs.handlers.js';
import { CharacterSheetsService } from './characters/character-sheets.service.js';
import { CharacterAiService } from './characters/character-ai.service.js';
import type { CampaignEnv } from './config.js';
import { FactionSchema } from './factions/faction.entity.js';
import { FactionsHandlers } from './factions/factions.handlers.js';
import { FactionsService } from './factions/factions.service.js';
import { JuncturesHandlers } from './junctures/junctures.handlers.js';
import { JuncturesService } from './junctures/junctures.service.js';
import { SitesHandlers } from './sites/sites.handlers.js';
import { SitesService } from './sites/sites.service.js';
import { PartiesHandlers } from './parties/parties.handlers.js';
import { PartiesService } from './parties/parties.service.js';
import { FightsHandlers } from './fights/fights.handlers.js';
import { FightsService } from './fights/fights.service.js';
import { ShotsHandlers } from './fights/shots.handlers.js';
import { ShotsService } from './fights/shots.service.js';
import { EffectsHandlers } from './fights/effects.handlers.js';
import { EffectsService } from './fights/effects.service.js';
import { ChaseRelationshipsHandlers } from './fights/chase-relationships.handlers.js';
import { ChaseRelationshipsService } from './fights/chase-relationships.service.js';
import { ManagedFightChanges } from './fights/managed-fight.js';
import { CharacterEffectSchema } from './fights/character-effect.entity.js';
import { ChaseRelationshipSchema } from './fights/chase-relationship.entity.js';
import { EffectSchema } from './fights/effect.entity.js';
import { FightEventSchema } from './fights/fight-event.entity.js';
import { FightSchema } from './fights/fight.entity.js';
import { ShotSchema } from './fights/shot.entity.js';
import { ImagePositionSchema } from './image-positions/image-position.entity.js';
import { InvitationSchema } from './invitations/invitation.entity.js';
import { InvitationsHandlers } from './invitations/invitations.handlers.js';
import { InvitationsService } from './invitations/invitations.service.js';
import { JunctureSchema } from './junctures/juncture.entity.js';
import { MembershipsHandlers } from './memberships/memberships.handlers.js';
import { MembershipsService } from './memberships/memberships.service.js';
import { campaignMigrations } from './migrations/index.js';
import { PartyMembershipSchema } from './parties/party-membership.entity.js';
import { PartySchema } from './parties/party.entity.js';
import { SchtickSchema } from './schticks/schtick.entity.js';
import { CampaignIdempotentRequests } from './sessions/account-idempotency.js';
import { RevocationsHandlers } from './sessions/revocations.handlers.js';
import { RevocationsService } from './sessions/revocations.service.js';
import { RevokedTokenSchema } from './sessions/revoked-token.entity.js';
import { SessionsHandlers } from './sessions/sessions.handlers.js';
import { SignInFailureSchema } from './sessions/sign-in-failure.entity.js';
import { SessionsService } from './sessions/sessions.service.js';
import { TokenIssuer } from './sessions/token-issuer.js';
import { SiteSchema } from './sites/site.entity.js';
import { UserSchema } from './users/user.entity.js';
import { UsersHandlers } from './users/users.handlers.js';
import { UsersService } from './users/users.service.js';
import { AccountTokensHandlers } from './users/account-tokens.handlers.js';
import { AccountTokensService } from './users/account-tokens.service.js';
import { MailJobs } from './users/mail-jobs.js';
import { CampaignRecordChanges } from './shared/campaign-records.service.js';
import { RecordAnnouncer } from './shared/record-announcer.js';
import { EncounterAnnouncer } from './encounters/encounter-announcer.js';
import { EncounterCache } from './encounters/encounter-cache.js';
import { EncounterCacheInvalidation } from './encounters/encounter-cache.invalidation.js';
import { EncountersHandlers } from './encounters/encounters.handlers.js';
import { EncountersService } from './encounters/encounters.service.js';
import { VehicleSchema } from './vehicles/vehicle.entity.js';
import { VehiclesHandlers } from './vehicles/vehicles.handlers.js';
import { VehiclesService } from './vehicles/vehicles.service.js';
import { ImagePositionsHandlers } from './image-positions/image-positions.handlers.js';
import { ImagePositionsService } from './image-positions/image-positions.service.js';
import { OnboardingHandlers } from './users/onboarding.handlers.js';
import { OnboardingService } from './users/onboarding.service.js';
import { OnboardingProgressSchema } from './users/onboarding-progress.entity.js';
import { WeaponSchema } from './weapons/weapon.entity.js';
import { WeaponsHandlers } from './weapons/weapons.handlers.js';
import { WeaponsService } from './weapons/weapons.service.js';
import { SchticksHandlers } from './schticks/schticks.handlers.js';
import { SchticksService } from './schticks/schticks.service.js';
import { RealtimeTopicsHandlers } from './realtime-topics/realtime-topics.handlers.js';
import { RealtimeTopicsService } from './realtime-topics/realtime-topics.service.js';
import { CampaignSeeder } from './seeding/campaign-seeder.service.js';
import { SeedingHandlers } from './seeding/seeding.handlers.js';
import { SeedingQueue } from './seeding/seeding-queue.js';
import { DeletedImagesListener } from './images/deleted-images.listener.js';
import { RecordImagesHandlers } from './images/record-images.handlers.js';
import { RecordImagesService } from './images/record-images.service.js';
import { useMediaPublicBaseUrl } from './shared/image-urls.js';

/** The campaign database's entities: they declare what its migrations create (schema-truth.int-spec.ts). */
export const campaignEntities: PersistenceOptions['entities'] = [
  UserSchema,
  CampaignSchema,
  CampaignMembershipSchema,
  SignInFailureSchema,
  RevokedTokenSchema,
  IdempotencyKeySchema,
  FactionSchema,
  JunctureSchema,
  WeaponSchema,
  SchtickSchema,
  SiteSchema,
  PartySchema,
  CharacterSchema,
  AdvancementSchema,
  CharacterSchtickSchema,
  CarrySchema,
  AttunementSchema,
  VehicleSchema,
  PartyMembershipSchema,
  FightSchema,
  ShotSchema,
  EffectSchema,
  CharacterEffectSchema,
  FightEventSchema,
  ChaseRelationshipSchema,
  ImagePositionSchema,
  InvitationSchema,
  OnboardingProgressSchema,
];

/** The campaign manager: accounts, sign-in and campaigns, over NATS, on its own database. */
@Module({})
export class CampaignAppModule {
  static forRoot(config: CampaignEnv): DynamicModule {
    useMediaPublicBaseUrl(config.MEDIA_PUBLIC_BASE_URL);
    return backendServiceModule(CampaignAppModule, {
      service: 'campaign',
      config,
      // It verifies the tokens it signs with its own key, and those signed with earlier keys during a rotation.
      actorTokens: {
        keys: VerificationKeys.fromPem(config.JWT_PUBLIC_KEY).with(readPrivateKey(config.JWT_PRIVATE_KEY)),
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      },
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          entities: campaignEntities,
          migrations: campaignMigrations,
        }),
      ],
      readiness: {
        inject: [MikroORM],
        checks: (indicators: HealthIndicatorService, orm: MikroORM) => [postgresReadiness(indicators, orm)],
      },
      controllers: [
        SessionsHandlers,
        RevocationsHandlers,
        UsersHandlers,
        AccountTokensHandlers,
        CampaignsHandlers,
        MembershipsHandlers,
        InvitationsHandlers,
        FactionsHandlers,
        JuncturesHandlers,
        WeaponsHandlers,
        SchticksHandlers,
        SitesHandlers,
        PartiesHandlers,
        FightsHandlers,
        ShotsHandlers,
        EffectsHandlers,
        ChaseRelationshipsHandlers,
        EncountersHandlers,
        CharactersHandlers,
        CharacterJobsHandlers,
        VehiclesHandlers,
        ImagePositionsHandlers,
        OnboardingHandlers,
        RealtimeTopicsHandlers,
        SeedingHandlers,
        RecordImagesHandlers,
      ],
      providers: [
        { provide: IDEMPOTENCY_STORE, useClass: CampaignIdempotentRequests },
        TokenIssuer,
        SessionsService,
        RevocationsService,
        UsersService,
        AccountTokensService,
        MailJobs,
        CampaignsService,
        MembershipsService,
        InvitationsService,
        FactionsService,
        JuncturesService,
        WeaponsService,
        SchticksService,
        SitesService,
        PartiesService,
        FightsService,
        ShotsService,
        CharactersService,
        NotionSyncQueue,
        NotionSyncOutcomes,
        CharacterSheetsService,
        CharacterAiService,
        VehiclesService,
        ImagePositionsService,
        OnboardingService,
        RecordAnnouncer,
        CampaignRecordChanges,
        EncounterAnnouncer,
        {
          provide: EncounterCache,
          useValue: new EncounterCache({
            maxFights: config.ENCOUNTER_CACHE_FIGHTS,
            maxAgeMs: config.ENCOUNTER_CACHE_MAX_AGE_MS,
          }),
        },
        EncounterCacheInvalidation,
        EncountersService,
        ManagedFightChanges,
        EffectsService,
        ChaseRelationshipsService,
        RealtimeTopicsService,
        SeedingQueue,
        CampaignSeeder,
        RecordImagesService,
        DeletedImagesListener,
      ],
    });
  }
}
