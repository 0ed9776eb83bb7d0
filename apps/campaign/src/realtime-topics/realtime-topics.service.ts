import { Injectable } from '@nestjs/common';
import {
  ServiceError,
  parseTopic,
  type Actor,
  type TopicAuthorization,
  type UserPresenceMeta,
} from '@shotcaller/contracts';
import { SqlReads } from '@shotcaller/persistence';
import { readAsActor } from '../campaigns/campaigns.service.js';
import { campaignTopicQuery, fightTopicQuery, signedInQuery } from './realtime-topics.queries.js';
import { userTopicRefusal } from './realtime-topics.rules.js';

/**
 * Whether a user may follow one of campaign's realtime topics, by the same rules as reading the data they carry:
 * `campaign:<id>` and `fight:<id>` for the campaign's gamemaster, members and admins (others get not_found, as
 * the campaign is hidden from them), `user:<id>` for that user. One statement per question.
 */
@Injectable()
export class RealtimeTopicsService {
  constructor(private readonly reads: SqlReads) {}

  async authorize(actor: Actor, text: string): Promise<TopicAuthorization> {
    const topic = parseTopic(text);
    if (!topic) throw ServiceError.notFound('No such topic');
    const refusal = userTopicRefusal(actor.id, topic);
    if (refusal) throw refusal;
    const values = { actorId: actor.id, tokenVersion: actor.tokenVersion ?? -1, id: topic.id };
    switch (topic.kind) {
      case 'campaign': {
        const { visible } = await readAsActor(this.reads, actor, campaignTopicQuery(values));
        if (!visible) throw ServiceError.notFound('Campaign not found');
        return { state: { campaign_id: topic.id } };
      }
      case 'fight': {
        const row = await readAsActor(this.reads, actor, fightTopicQuery(values));
        if (!row.fight) throw ServiceError.notFound('Fight not found');
        const presence: UserPresenceMeta = {
          id: row.userId,
          first_name: row.firstName,
          last_name: row.lastName,
          name: `${row.firstName} ${row.lastName}`.trim(),
          image_url: null,
        };
        return { state: { ...row.fight }, presence };
      }
      default:
        // user: the actor's own, and the token's account is checked as every request's is.
        await readAsActor(this.reads, actor, signedInQuery(values));
        return {};
    }
  }
}
