import { DeleteRecordPayload, RecordIdPayload } from './records/record-shapes.js';
import type { CampaignsIndexView, CampaignView } from './campaigns/campaign.views.js';
import {
  CampaignIdPayload,
  CampaignsIndexQuery,
  CreateCampaignPayload,
  MembershipDto,
  RemoveMembershipQuery,
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
import { CreatePartyPayload, PartiesIndexQuery, UpdatePartyPayload } from './parties/party.dtos.js';
import type { PartiesIndexView, PartyView } from './parties/party.views.js';
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
import { Subjects } from './subjects.js';
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
  type SessionGrant,
  type TokenState,
} from './users/user.dtos.js';
import type { CurrentUserView, UsersIndexView } from './users/user.views.js';
import { EmptyPayload } from './validation.js';

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

/**
 * Every request subject with its contract. Handlers are declared with `@RpcHandler(subject)` and callers use
 * `ServiceClient.request(subject, ...)`: both are typed from this map, so a payload or answer that disagrees
 * with it fails the type check, and the handling service validates every payload against `request`.
 */
export const RpcContracts = {
  ...operations(Subjects.campaign),
  [users.register]: rpc(RegisterUserDto, 'public', idempotent).returns<SessionGrant>(),
  [users.signIn]: rpc(SignInPayload, 'public').returns<SessionGrant>(),
  [users.tokenState]: rpc(TokenStatePayload, 'public').returns<TokenState>(),
  [users.current]: rpc(EmptyPayload).returns<CurrentUserView>(),
  [users.updateProfile]: rpc(UpdateProfilePayload).returns<ProfileUpdateResult>(),
  [users.list]: rpc(UsersIndexQuery).returns<UsersIndexView>(),
  [users.changePassword]: rpc(ChangePasswordBody).returns<PasswordChanged>(),
  [users.endSessions]: rpc(EmptyPayload).returns<TokenState>(),
  [sessions.revoke]: rpc(RevokeTokenPayload).returns<{ revoked: true }>(),
  [sessions.revocations]: rpc(RevocationsQuery, 'public').returns<RevocationsPage>(),
  [sessions.whoami]: rpc(EmptyPayload).returns<PongReply>(),
  [campaigns.list]: rpc(CampaignsIndexQuery).returns<CampaignsIndexView>(),
  [campaigns.get]: rpc(CampaignIdPayload).returns<CampaignView>(),
  [campaigns.create]: rpc(CreateCampaignPayload, 'actor', idempotent).returns<CampaignView>(),
  [campaigns.update]: rpc(UpdateCampaignPayload).returns<CampaignView>(),
  [campaigns.delete]: rpc(CampaignIdPayload).returns<{ deleted: true }>(),
  [campaigns.getCurrent]: rpc(EmptyPayload).returns<CampaignView>(),
  [campaigns.setCurrent]: rpc(SetCurrentCampaignBody, 'actor', idempotent).returns<{
    campaign: CampaignView | null;
  }>(),
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
  ...operations(Subjects.chat),
  ...operations(Subjects.location),
  ...operations(Subjects.media),
  ...operations(Subjects.jobs),
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
} as const;

export type EventSubject = keyof typeof EventContracts;
export type EventPayload<S extends EventSubject> = InstanceType<(typeof EventContracts)[S]>;
