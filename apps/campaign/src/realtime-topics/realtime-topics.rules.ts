import { ErrorCode, ServiceError, type Topic } from '@shotcaller/contracts';

/**
 * Who may follow a `user:` topic: that user alone (the gateway refuses others first; this is the owner's word).
 * Kinds campaign does not own are not its to answer.
 */
export function userTopicRefusal(actorId: string, topic: Topic): ServiceError | undefined {
  if (topic.owner !== 'campaign') {
    return new ServiceError(ErrorCode.NotFound, `campaign does not answer for ${topic.kind} topics`);
  }
  if (topic.kind === 'user' && topic.id !== actorId) {
    return ServiceError.forbidden("You may not follow another user's topic");
  }
  return undefined;
}
