import {
  EmptyPayload,
  InvitationFieldsDto,
  InvitationIdPayload,
  RegisterThroughInvitationPayload,
  Subjects,
  type Actor,
  type InvitationRedeemedView,
  type InvitationRegistration,
  type InvitationsIndexView,
  type InvitationView,
  type PublicInvitationView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers, type Caller } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { InvitationsService } from './invitations.service.js';

const { invitations } = Subjects.campaign;

@RpcHandlers()
export class InvitationsHandlers {
  constructor(private readonly invitations: InvitationsService) {}

  @RpcHandler(invitations.list)
  list(_: EmptyPayload, @RpcActor() actor: Actor): Promise<InvitationsIndexView> {
    return this.invitations.list(actor);
  }

  @RpcHandler(invitations.get)
  get({ id }: InvitationIdPayload): Promise<PublicInvitationView> {
    return this.invitations.show(id);
  }

  @RpcHandler(invitations.create)
  create(
    fields: InvitationFieldsDto,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<InvitationView> {
    return this.invitations.create(actor, fields, caller);
  }

  @RpcHandler(invitations.redeem)
  redeem(
    { id }: InvitationIdPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<InvitationRedeemedView> {
    return this.invitations.redeem(actor, id, caller);
  }

  @RpcHandler(invitations.register)
  register(request: RegisterThroughInvitationPayload): Promise<InvitationRegistration> {
    return this.invitations.register(request);
  }

  @RpcHandler(invitations.resend)
  resend(
    { id }: InvitationIdPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<InvitationView> {
    return this.invitations.resend(actor, id, caller);
  }

  @RpcHandler(invitations.delete)
  delete({ id }: InvitationIdPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.invitations.delete(actor, id);
  }
}
