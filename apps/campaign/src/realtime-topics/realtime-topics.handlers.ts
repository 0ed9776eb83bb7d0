import { AuthorizeTopicPayload, Subjects, type Actor, type TopicAuthorization } from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { RealtimeTopicsService } from './realtime-topics.service.js';

@RpcHandlers()
export class RealtimeTopicsHandlers {
  constructor(private readonly topics: RealtimeTopicsService) {}

  @RpcHandler(Subjects.campaign.topics.authorize)
  authorize({ topic }: AuthorizeTopicPayload, @RpcActor() actor: Actor): Promise<TopicAuthorization> {
    return this.topics.authorize(actor, topic);
  }
}
