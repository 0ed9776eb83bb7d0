import {
  MembershipDto,
  RemoveMembershipQuery,
  Subjects,
  type Actor,
  type CampaignView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { MembershipsService } from './memberships.service.js';

const { memberships } = Subjects.campaign;

@RpcHandlers()
export class MembershipsHandlers {
  constructor(private readonly memberships: MembershipsService) {}

  @RpcHandler(memberships.add)
  add(request: MembershipDto, @RpcActor() actor: Actor): Promise<CampaignView> {
    return this.memberships.add(actor, request);
  }

  @RpcHandler(memberships.remove)
  remove(request: RemoveMembershipQuery, @RpcActor() actor: Actor): Promise<{ removed: true }> {
    return this.memberships.remove(actor, request);
  }
}
