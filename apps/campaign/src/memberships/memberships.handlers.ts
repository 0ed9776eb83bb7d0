import {
  MembershipDto,
  RemoveMembershipQuery,
  Subjects,
  type Actor,
  type CampaignView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers, type Caller } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { MembershipsService } from './memberships.service.js';

const { memberships } = Subjects.campaign;

@RpcHandlers()
export class MembershipsHandlers {
  constructor(private readonly memberships: MembershipsService) {}

  @RpcHandler(memberships.add)
  add(request: MembershipDto, @RpcActor() actor: Actor, @RpcCaller() caller?: Caller): Promise<CampaignView> {
    return this.memberships.add(actor, request, caller);
  }

  @RpcHandler(memberships.remove)
  remove(
    request: RemoveMembershipQuery,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<{ removed: true }> {
    return this.memberships.remove(actor, request, caller);
  }
}
