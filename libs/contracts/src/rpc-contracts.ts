import { DeleteRecordPayload, RecordIdPayload } from './records/record-shapes.js';
import type { CampaignsIndexView, CampaignView } from './campaigns/campaign.views.js';
import { SeedCampaignPayload, type CampaignSeededView } from './campaigns/campaign-seeding.js';
import {
  CampaignIdPayload,
  CampaignsIndexQuery,
  CreateCampaignPayload,
  MembershipDto,
  RemoveMembershipQuery,
  MembershipEndedEvent,
  SetCurrentCampaignBody,
  UpdateCampaignPayload,
} from './campaigns/campaign.dtos.js';
import { CreateFactionPayload, FactionsIndexQuery, UpdateFactionPayload } from './factions/faction.dtos.js';
import type { FactionsIndexView, FactionView } from './factions/faction.views.js';
import {
  CreateJuncturePayload,
  JuncturesIndexQuery,
  UpdateJuncturePayload,
} from './junctures/juncture.dtos.js';
import type { JuncturesIndexView, JunctureView } from './junctures/juncture.views.js';
import { CreateSitePayload, SitesIndexQuery, UpdateSitePayload } from './sites/site.dtos.js';
import type { SitesIndexView, SiteView } from './sites/site.views.js';
import {
  AddPartyMemberPayload,
  CreatePartyPayload,
  PartiesIndexQuery,
  RemovePartyMemberPayload,
  UpdatePartyPayload,
} from './parties/party.dtos.js';
import type { PartiesIndexView, PartyView } from './parties/party.views.js';
import {
  CreateVehiclePayload,
  UpdateVehiclePayload,
  VehicleChaseStatePayload,
  VehiclesIndexQuery,
} from './vehicles/vehicle.dtos.js';
import type {
  VehicleArchetypeView,
  VehicleChaseStateView,
  VehiclesIndexView,
  VehicleView,
} from './vehicles/vehicle.views.js';
import { ImagePositionTargetParams, SetImagePositionPayload } from './image-positions/image-position.dtos.js';
import type { ImagePositionView } from './image-positions/image-position.views.js';
import { UpdateOnboardingProgressBody } from './users/onboarding.dtos.js';
import type { OnboardingProgressResponse } from './users/onboarding.views.js';
import {
  AdvancementIdPayload,
  CharacterAdvancementsPayload,
  CharactersIndexQuery,
  CreateAdvancementPayload,
  CreateCharacterPayload,
  UpdateAdvancementPayload,
  UpdateCharacterPayload,
} from './characters/character.dtos.js';
import type { AdvancementView, CharactersIndexView, CharacterView } from './characters/character.views.js';
import { ImportCharacterSheetPayload, type CharacterSheetFile } from './characters/character-sheet.dtos.js';
import { AiCharacterPayload, type AiRequestAcceptedView } from './characters/character-ai.dtos.js';
import {
  AddPartyToFightPayload,
  CreateFightPayload,
  CurrentFightPayload,
  EndFightPayload,
  FightsIndexQuery,
  LogFightEventPayload,
  UpdateFightPayload,
} from './fights/fight.dtos.js';
import type { FightEventView, FightsIndexView, FightView } from './fights/fight.views.js';
import { AssignDriverPayload, ShotIdPayload, UpdateShotPayload } from './fights/shot.dtos.js';
import type { ShotUpdatedView } from './fights/shot.views.js';
import {
  CreateCharacterEffectPayload,
  CreateEffectPayload,
  FightEffectIdPayload,
  UpdateCharacterEffectPayload,
  UpdateEffectPayload,
} from './fights/effect.dtos.js';
import type { CharacterEffectView, FightEffectView } from './fights/effect.views.js';
import {
  ChaseRelationshipsIndexQuery,
  CreateChaseRelationshipPayload,
  UpdateChaseRelationshipPayload,
} from './fights/chase-relationship.dtos.js';
import type {
  ChaseRelationshipAnswerView,
  ChaseRelationshipsIndexView,
} from './fights/chase-relationship.views.js';
import {
  CreateWeaponPayload,
  CreateWeaponsPayload,
  RecordBatchBody,
  UpdateWeaponPayload,
  WeaponLabelsQuery,
  WeaponsIndexQuery,
} from './weapons/weapon.dtos.js';
import type {
  WeaponCategoriesView,
  WeaponJuncturesView,
  WeaponsBatchView,
  WeaponsCreatedView,
  WeaponsIndexView,
  WeaponView,
} from './weapons/weapon.views.js';
import {
  CreateSchtickPayload,
  CreateSchticksPayload,
  SchtickLabelsQuery,
  SchticksIndexQuery,
  UpdateSchtickPayload,
} from './schticks/schtick.dtos.js';
import type {
  SchtickCategoriesView,
  SchtickPathsView,
  SchticksBatchView,
  SchticksCreatedView,
  SchticksIndexView,
  SchtickView,
} from './schticks/schtick.views.js';
import {
  InvitationCreatedEvent,
  InvitationFieldsDto,
  InvitationIdPayload,
  InvitationResentEvent,
  RegisterThroughInvitationPayload,
} from './invitations/invitation.dtos.js';
import type {
  InvitationRedeemedView,
  InvitationRegistration,
  InvitationsIndexView,
  InvitationView,
  PublicInvitationView,
} from './invitations/invitation.views.js';
import {
  ActPayload,
  ApplyChaseActionPayload,
  ApplyCombatActionPayload,
  UpdateInitiativesPayload,
} from './encounters/encounter.dtos.js';
import type { EncounterView } from './encounters/encounter.views.js';
import { Subjects } from './subjects.js';
import { AuthorizeTopicPayload, type TopicAuthorization } from './realtime/topic-authorization.js';
import {
  CreateLocationSessionBody,
  JoinLocationSessionPayload,
  LocationSessionIdPayload,
  RemoveLocationParticipantPayload,
  ParticipantsSeenPayload,
  UpdateLocationPositionPayload,
} from './location/location.dtos.js';
import type {
  LocationGrant,
  LocationParticipantsView,
  LocationPositionView,
  LocationSessionView,
  LocationSweepResult,
} from './location/location.views.js';
import type { HealthReply, PingReply, PongReply } from './system/system.views.js';
import {
  ChangePasswordBody,
  RegisterUserDto,
  RevocationsQuery,
  RevokeTokenPayload,
  SessionRevokedEvent,
  SignInPayload,
  TokenStatePayload,
  TokensChangedEvent,
  UpdateProfilePayload,
  UsersIndexQuery,
  type PasswordChanged,
  type ProfileUpdateResult,
  type RevocationsPage,
  type RegistrationGrant,
  type SessionGrant,
  type TokenState,
} from './users/user.dtos.js';
import type { CurrentUserView, UsersIndexView } from './users/user.views.js';
import { EmptyPayload } from './validation.js';
import {
  AttachImagePayload,
  ImageAttachedEvent,
  ImageDeletedEvent,
  ImageIdsPayload,
  SetRecordImagePayload,
} from './media/image.dtos.js';
import type {
  ImageSweepResult,
  ImagesReleasedView,
  ImageView,
  RecordImageView,
  ReferencedImagesView,
} from './media/image.views.js';
import { EnqueueJobPayload, RunJobPayload } from './jobs/job.dtos.js';
import {
  AccountEmailDto,
  ConfirmEmailQuery,
  ResetPasswordDto,
  type AccountMessage,
  type EmailConfirmed,
} from './users/account-tokens.dtos.js';
import {
  JobCompletedEvent,
  JobFailedEvent,
  type EnqueuedJobView,
  type FinishedJobView,
} from './jobs/job.views.js';

/**
 * Who may send a request: `actor` requests carry the caller's access token, which the handling service verifies
 * itself; `public` ones need no signed-in caller (registration, sign-in, operations), and NATS permissions limit
 * which services may send them at all.
 */
export type RpcAccess = 'actor' | 'public';

/** A request subject's contract: the payload class both sides validate against, its answer, and its access. */
export interface RpcContract<
  TRequest extends object = object,
  TResponse = unknown,
  TAccess extends RpcAccess = RpcAccess,
> {
  readonly request: new () => TRequest;
  readonly access: TAccess;
  /** A create: a caller's `Idempotency-Key` makes a retry return the first answer instead of running again. */
  readonly idempotent?: boolean;
  /** Type-level only: what the handler answers and the caller receives. */
  readonly response?: TResponse;
}

function rpc<TRequest extends object, TAccess extends RpcAccess = 'actor'>(
  request: new () => TRequest,
  access: TAccess = 'actor' as TAccess,
  { idempotent = false }: { idempotent?: boolean } = {},
) {
  return {
    returns: <TResponse>(): RpcContract<TRequest, TResponse, TAccess> => ({ request, access, idempotent }),
  };
}

const idempotent = { idempotent: true };

/** `<service>.ping` and `<service>.health`: operations, answered by every backend. */
const operations = <TPing extends string, THealth extends string>(subjects: {
  ping: TPing;
  health: THealth;
}) =>
  ({
    [subjects.ping]: rpc(EmptyPayload, 'public').returns<PingReply>(),
    [subjects.health]: rpc(EmptyPayload, 'public').returns<HealthReply>(),
  }) as Record<TPing, RpcContract<EmptyPayload, PingReply, 'public'>> &
    Record<THealth, RpcContract<EmptyPayload, HealthReply, 'public'>>;

const { users, sessions, campaigns, memberships, invitations, factions, junctures, sites, parties } =
  Subjects.campaign;
const { encounters } = Subjects.campaign;
const { characters, advancements } = Subjects.campaign;
const { fights, shots } = Subjects.campaign;
const { effects, characterEffects, chaseRelationships } = Subjects.campaign;
const { weapons, schticks } = Subjects.campaign;
const { vehicles, imagePositions, onboarding } = Subjects.campaign;

/**
 * Every request subject with its contract. Handlers are declared with `@RpcHandler(subject)` and callers use
 * `ServiceClient.request(subject, ...)`: both are typed from this map, so a payload or answer that disagrees
 * with it fails the type check, and the handling service validates every payload against `request`.
 */
export const RpcContracts = {
  ...operations(Subjects.campaign),
  [users.register]: rpc(RegisterUserDto, 'public', idempotent).returns<RegistrationGrant>(),
  [users.signIn]: rpc(SignInPayload, 'public').returns<SessionGrant>(),
  [users.tokenState]: rpc(TokenStatePayload, 'public').returns<TokenState>(),
  [users.current]: rpc(EmptyPayload).returns<CurrentUserView>(),
  [users.updateProfile]: rpc(UpdateProfilePayload).returns<ProfileUpdateResult>(),
  [users.list]: rpc(UsersIndexQuery).returns<UsersIndexView>(),
  [users.changePassword]: rpc(ChangePasswordBody).returns<PasswordChanged>(),
  [users.endSessions]: rpc(EmptyPayload).returns<TokenState>(),
  [users.confirmEmail]: rpc(ConfirmEmailQuery, 'public').returns<EmailConfirmed>(),
  [users.resendConfirmation]: rpc(AccountEmailDto, 'public').returns<AccountMessage>(),
  [users.requestPasswordReset]: rpc(AccountEmailDto, 'public').returns<AccountMessage>(),
  [users.resetPassword]: rpc(ResetPasswordDto, 'public').returns<AccountMessage>(),
  [sessions.revoke]: rpc(RevokeTokenPayload).returns<{ revoked: true }>(),
  [sessions.revocations]: rpc(RevocationsQuery, 'public').returns<RevocationsPage>(),
  [sessions.whoami]: rpc(EmptyPayload).returns<PongReply>(),
  [campaigns.list]: rpc(CampaignsIndexQuery).returns<CampaignsIndexView>(),
  [campaigns.get]: rpc(CampaignIdPayload).returns<CampaignView>(),
  [campaigns.create]: rpc(CreateCampaignPayload, 'actor', idempotent).returns<CampaignView>(),
  [campaigns.update]: rpc(UpdateCampaignPayload).returns<CampaignView>(),
  [campaigns.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [campaigns.getCurrent]: rpc(EmptyPayload).returns<CampaignView>(),
  [campaigns.setCurrent]: rpc(SetCurrentCampaignBody, 'actor', idempotent).returns<{
    campaign: CampaignView | null;
  }>(),
  // Sent by the jobs service (the `seeding` queue), with no user token: NATS permissions say who may send it.
  [campaigns.seed]: rpc(SeedCampaignPayload, 'public').returns<CampaignSeededView>(),
  [memberships.add]: rpc(MembershipDto, 'actor', idempotent).returns<CampaignView>(),
  [memberships.remove]: rpc(RemoveMembershipQuery).returns<{ removed: true }>(),
  [invitations.list]: rpc(EmptyPayload).returns<InvitationsIndexView>(),
  [invitations.get]: rpc(InvitationIdPayload, 'public').returns<PublicInvitationView>(),
  [invitations.create]: rpc(InvitationFieldsDto, 'actor', idempotent).returns<InvitationView>(),
  [invitations.redeem]: rpc(InvitationIdPayload, 'actor', idempotent).returns<InvitationRedeemedView>(),
  [invitations.register]: rpc(
    RegisterThroughInvitationPayload,
    'public',
    idempotent,
  ).returns<InvitationRegistration>(),
  [invitations.resend]: rpc(InvitationIdPayload, 'actor', idempotent).returns<InvitationView>(),
  [invitations.delete]: rpc(InvitationIdPayload).returns<{ deleted: true }>(),
  [factions.list]: rpc(FactionsIndexQuery).returns<FactionsIndexView>(),
  [factions.get]: rpc(RecordIdPayload).returns<FactionView>(),
  [factions.create]: rpc(CreateFactionPayload, 'actor', idempotent).returns<FactionView>(),
  [factions.update]: rpc(UpdateFactionPayload).returns<FactionView>(),
  [factions.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [junctures.list]: rpc(JuncturesIndexQuery).returns<JuncturesIndexView>(),
  [junctures.get]: rpc(RecordIdPayload).returns<JunctureView>(),
  [junctures.create]: rpc(CreateJuncturePayload, 'actor', idempotent).returns<JunctureView>(),
  [junctures.update]: rpc(UpdateJuncturePayload).returns<JunctureView>(),
  [junctures.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [sites.list]: rpc(SitesIndexQuery).returns<SitesIndexView>(),
  [sites.get]: rpc(RecordIdPayload).returns<SiteView>(),
  [sites.create]: rpc(CreateSitePayload, 'actor', idempotent).returns<SiteView>(),
  [sites.update]: rpc(UpdateSitePayload).returns<SiteView>(),
  [sites.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [parties.list]: rpc(PartiesIndexQuery).returns<PartiesIndexView>(),
  [parties.get]: rpc(RecordIdPayload).returns<PartyView>(),
  [parties.create]: rpc(CreatePartyPayload, 'actor', idempotent).returns<PartyView>(),
  [parties.update]: rpc(UpdatePartyPayload).returns<PartyView>(),
  [parties.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [parties.addMember]: rpc(AddPartyMemberPayload, 'actor', idempotent).returns<PartyView>(),
  [parties.removeMember]: rpc(RemovePartyMemberPayload).returns<PartyView>(),
  [vehicles.list]: rpc(VehiclesIndexQuery).returns<VehiclesIndexView>(),
  [vehicles.get]: rpc(RecordIdPayload).returns<VehicleView>(),
  [vehicles.create]: rpc(CreateVehiclePayload, 'actor', idempotent).returns<VehicleView>(),
  [vehicles.update]: rpc(UpdateVehiclePayload).returns<VehicleView>(),
  [vehicles.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [vehicles.archetypes]: rpc(EmptyPayload).returns<VehicleArchetypeView[]>(),
  [vehicles.chaseState]: rpc(RecordIdPayload).returns<VehicleChaseStateView>(),
  [vehicles.setChaseState]: rpc(VehicleChaseStatePayload).returns<VehicleView>(),
  [imagePositions.list]: rpc(ImagePositionTargetParams).returns<ImagePositionView[]>(),
  [imagePositions.set]: rpc(SetImagePositionPayload).returns<ImagePositionView>(),
  [onboarding.dismissCongratulations]: rpc(EmptyPayload).returns<OnboardingProgressResponse>(),
  [onboarding.update]: rpc(UpdateOnboardingProgressBody).returns<OnboardingProgressResponse>(),
  [characters.list]: rpc(CharactersIndexQuery).returns<CharactersIndexView>(),
  [characters.get]: rpc(RecordIdPayload).returns<CharacterView>(),
  [characters.create]: rpc(CreateCharacterPayload, 'actor', idempotent).returns<CharacterView>(),
  [characters.update]: rpc(UpdateCharacterPayload).returns<CharacterView>(),
  [characters.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [characters.duplicate]: rpc(RecordIdPayload, 'actor', idempotent).returns<CharacterView>(),
  [characters.sheet]: rpc(RecordIdPayload).returns<CharacterSheetFile>(),
  [characters.importSheet]: rpc(ImportCharacterSheetPayload, 'actor', idempotent).returns<CharacterView>(),
  [characters.ai]: rpc(AiCharacterPayload).returns<AiRequestAcceptedView>(),
  [advancements.list]: rpc(CharacterAdvancementsPayload).returns<AdvancementView[]>(),
  [advancements.create]: rpc(CreateAdvancementPayload, 'actor', idempotent).returns<AdvancementView>(),
  [advancements.update]: rpc(UpdateAdvancementPayload).returns<AdvancementView>(),
  [advancements.delete]: rpc(AdvancementIdPayload).returns<{ deleted: true }>(),
  [fights.list]: rpc(FightsIndexQuery).returns<FightsIndexView>(),
  [fights.get]: rpc(RecordIdPayload).returns<FightView>(),
  [fights.create]: rpc(CreateFightPayload, 'actor', idempotent).returns<FightView>(),
  [fights.update]: rpc(UpdateFightPayload).returns<FightView>(),
  [fights.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [fights.endFight]: rpc(EndFightPayload).returns<FightView>(),
  [fights.touch]: rpc(RecordIdPayload).returns<FightView>(),
  [fights.current]: rpc(CurrentFightPayload).returns<FightView | null>(),
  [fights.addParty]: rpc(AddPartyToFightPayload).returns<PartyView>(),
  [fights.events]: rpc(RecordIdPayload).returns<FightEventView[]>(),
  [fights.logEvent]: rpc(LogFightEventPayload, 'actor', idempotent).returns<FightEventView>(),
  [effects.create]: rpc(CreateEffectPayload, 'actor', idempotent).returns<FightEffectView>(),
  [effects.update]: rpc(UpdateEffectPayload).returns<FightEffectView>(),
  [effects.delete]: rpc(FightEffectIdPayload).returns<{ deleted: true }>(),
  [characterEffects.create]: rpc(
    CreateCharacterEffectPayload,
    'actor',
    idempotent,
  ).returns<CharacterEffectView>(),
  [characterEffects.update]: rpc(UpdateCharacterEffectPayload).returns<CharacterEffectView>(),
  [characterEffects.delete]: rpc(FightEffectIdPayload).returns<{ deleted: true }>(),
  [chaseRelationships.list]: rpc(ChaseRelationshipsIndexQuery).returns<ChaseRelationshipsIndexView>(),
  [chaseRelationships.get]: rpc(RecordIdPayload).returns<ChaseRelationshipAnswerView>(),
  [chaseRelationships.create]: rpc(
    CreateChaseRelationshipPayload,
    'actor',
    idempotent,
  ).returns<ChaseRelationshipAnswerView>(),
  [chaseRelationships.update]: rpc(UpdateChaseRelationshipPayload).returns<ChaseRelationshipAnswerView>(),
  [chaseRelationships.delete]: rpc(RecordIdPayload).returns<{ deleted: true }>(),
  [shots.update]: rpc(UpdateShotPayload).returns<ShotUpdatedView>(),
  [shots.delete]: rpc(ShotIdPayload).returns<{ deleted: true }>(),
  [shots.assignDriver]: rpc(AssignDriverPayload).returns<ShotUpdatedView>(),
  [shots.removeDriver]: rpc(ShotIdPayload).returns<ShotUpdatedView>(),
  [weapons.list]: rpc(WeaponsIndexQuery).returns<WeaponsIndexView>(),
  [weapons.get]: rpc(RecordIdPayload).returns<WeaponView>(),
  [weapons.create]: rpc(CreateWeaponPayload, 'actor', idempotent).returns<WeaponView>(),
  [weapons.update]: rpc(UpdateWeaponPayload).returns<WeaponView>(),
  [weapons.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [weapons.batch]: rpc(RecordBatchBody).returns<WeaponsBatchView>(),
  [weapons.create_batch]: rpc(CreateWeaponsPayload, 'actor', idempotent).returns<WeaponsCreatedView>(),
  [weapons.categories]: rpc(WeaponLabelsQuery).returns<WeaponCategoriesView>(),
  [weapons.junctures]: rpc(WeaponLabelsQuery).returns<WeaponJuncturesView>(),
  [schticks.list]: rpc(SchticksIndexQuery).returns<SchticksIndexView>(),
  [schticks.get]: rpc(RecordIdPayload).returns<SchtickView>(),
  [schticks.create]: rpc(CreateSchtickPayload, 'actor', idempotent).returns<SchtickView>(),
  [schticks.update]: rpc(UpdateSchtickPayload).returns<SchtickView>(),
  [schticks.delete]: rpc(DeleteRecordPayload).returns<{ deleted: true }>(),
  [schticks.batch]: rpc(RecordBatchBody).returns<SchticksBatchView>(),
  [schticks.create_batch]: rpc(CreateSchticksPayload, 'actor', idempotent).returns<SchticksCreatedView>(),
  [schticks.categories]: rpc(SchtickLabelsQuery).returns<SchtickCategoriesView>(),
  [schticks.paths]: rpc(SchtickLabelsQuery).returns<SchtickPathsView>(),
  [encounters.get]: rpc(RecordIdPayload).returns<EncounterView>(),
  [encounters.updateInitiatives]: rpc(UpdateInitiativesPayload).returns<EncounterView>(),
  [encounters.act]: rpc(ActPayload).returns<EncounterView>(),
  [encounters.applyCombatAction]: rpc(ApplyCombatActionPayload).returns<EncounterView>(),
  [encounters.applyChaseAction]: rpc(ApplyChaseActionPayload).returns<EncounterView>(),
  [Subjects.campaign.topics.authorize]: rpc(AuthorizeTopicPayload).returns<TopicAuthorization>(),
  ...operations(Subjects.chat),
  ...operations(Subjects.location),
  // Location participants are anonymous: their requests carry a participant token, which realtime-location
  // verifies itself (these contracts are 'public' to the user-token guard).
  [Subjects.location.topics.authorize]: rpc(AuthorizeTopicPayload, 'public').returns<TopicAuthorization>(),
  [Subjects.location.sessions.create]: rpc(CreateLocationSessionBody, 'public').returns<LocationGrant>(),
  [Subjects.location.sessions.get]: rpc(LocationSessionIdPayload, 'public').returns<LocationSessionView>(),
  [Subjects.location.sessions.end]: rpc(LocationSessionIdPayload, 'public').returns<LocationSessionView>(),
  [Subjects.location.sessions.join]: rpc(JoinLocationSessionPayload, 'public').returns<LocationGrant>(),
  [Subjects.location.sessions.sweep]: rpc(EmptyPayload, 'public').returns<LocationSweepResult>(),
  [Subjects.location.participants.list]: rpc(
    LocationSessionIdPayload,
    'public',
  ).returns<LocationParticipantsView>(),
  [Subjects.location.participants.remove]: rpc(RemoveLocationParticipantPayload, 'public').returns<{
    removed: true;
  }>(),
  [Subjects.location.participants.seen]: rpc(ParticipantsSeenPayload, 'public').returns<{ seen: number }>(),
  [Subjects.location.positions.update]: rpc(
    UpdateLocationPositionPayload,
    'public',
  ).returns<LocationPositionView>(),
  [Subjects.campaign.images.set]: rpc(SetRecordImagePayload).returns<RecordImageView>(),
  // Asked by the media service's cleanup, which trusts only the answer: who may ask is NATS permissions' business.
  [Subjects.campaign.images.referenced]: rpc(ImageIdsPayload, 'public').returns<ReferencedImagesView>(),
  ...operations(Subjects.media),
  [Subjects.media.images.attach]: rpc(AttachImagePayload).returns<ImageView>(),
  // A release or a sweep only makes the media service ask the images' owner, whose answer it trusts.
  [Subjects.media.images.release]: rpc(ImageIdsPayload, 'public').returns<ImagesReleasedView>(),
  [Subjects.media.images.sweep]: rpc(EmptyPayload, 'public').returns<ImageSweepResult>(),
  ...operations(Subjects.jobs),
  // Public to the user-token guard: which services may enqueue at all is NATS permissions' business. A request
  // made for a user carries their token, which the jobs service verifies to know whom the outcome is for.
  [Subjects.jobs.enqueue]: rpc(EnqueueJobPayload, 'public').returns<EnqueuedJobView>(),
  [Subjects.jobs.run]: rpc(RunJobPayload, 'public').returns<FinishedJobView>(),
} as const;

export type RpcSubject = keyof typeof RpcContracts;
export type RpcRequest<S extends RpcSubject> =
  (typeof RpcContracts)[S] extends RpcContract<infer TRequest, unknown> ? TRequest : never;
export type RpcResponse<S extends RpcSubject> =
  (typeof RpcContracts)[S] extends RpcContract<object, infer TResponse> ? TResponse : never;
export type RpcAccessOf<S extends RpcSubject> = (typeof RpcContracts)[S]['access'];

/** The contract of a subject, or undefined for a subject that has none. */
export function rpcContract(subject: string): RpcContract | undefined {
  return (RpcContracts as Record<string, RpcContract>)[subject];
}

/** Every event subject with the payload it carries; published without a reply, consumed by whoever listens. */
export const EventContracts = {
  [Subjects.campaign.events.userTokensChanged]: TokensChangedEvent,
  [Subjects.campaign.events.sessionRevoked]: SessionRevokedEvent,
  [Subjects.campaign.events.invitationCreated]: InvitationCreatedEvent,
  [Subjects.campaign.events.invitationResent]: InvitationResentEvent,
  [Subjects.campaign.events.membershipEnded]: MembershipEndedEvent,
  [Subjects.jobs.events.jobCompleted]: JobCompletedEvent,
  [Subjects.jobs.events.jobFailed]: JobFailedEvent,
  [Subjects.media.events.imageAttached]: ImageAttachedEvent,
  [Subjects.media.events.imageDeleted]: ImageDeletedEvent,
} as const;

export type EventSubject = keyof typeof EventContracts;
export type EventPayload<S extends EventSubject> = InstanceType<(typeof EventContracts)[S]>;
