import { MessagePattern, Payload } from '@nestjs/microservices';
import { RpcActor } from '@shotcaller/auth';
import {
  MembershipDto,
  RemoveMembershipQuery,
  Subjects,
  type Actor,
  type CampaignView,
} from '@shotcaller/contracts';
import { RpcHandlers } from '@shotcaller/messaging';
import { MembershipsService } from './memberships.service.js';

@RpcHandlers()
export class MembershipsHandlers {
  constructor(private readonly memberships: MembershipsService) {}

  @MessagePattern(Subjects.campaign.memberships.add)
  add(@RpcActor() actor: Actor, @Payload() request: MembershipDto): Promise<CampaignView> {
    return this.memberships.add(actor, request);
  }

  @MessagePattern(Subjects.campaign.memberships.remove)
  remove(@RpcActor() actor: Actor, @Payload() request: RemoveMembershipQuery): Promise<{ removed: true }> {
    return this.memberships.remove(actor, request);
  }
}
