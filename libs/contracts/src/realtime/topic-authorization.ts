import { IsString, Matches, MaxLength } from 'class-validator';
import { MAX_TOPIC_LENGTH, TOPIC_PATTERN } from './topics.js';

/**
 * Payload of `<service>.topics.authorize` (`campaign.topics.authorize`, `chat.topics.authorize`,
 * `location.topics.authorize`): may the actor (the caller's token, as on every request) follow this topic?
 */
export class AuthorizeTopicPayload {
  @IsString()
  @MaxLength(MAX_TOPIC_LENGTH)
  @Matches(TOPIC_PATTERN, { message: 'must be a topic like campaign:<uuid>' })
  topic: string;
}

/** How an actor is shown among those present in a topic; `id` is the presence key (user or participant id). */
export interface PresenceMeta {
  id: string;
  name: string;
  [field: string]: string | number | boolean | null;
}

/** A user as fight presence shows them (the Rails `{users: [...]}` entries). */
export interface UserPresenceMeta extends PresenceMeta {
  first_name: string;
  last_name: string;
  image_url: string | null;
}

/**
 * The owner's yes: what the subscriber needs to be current (`state`, small: ids and sequence numbers, not
 * records) and, for topics with presence, how this actor is shown (`presence`; absent: the topic has no
 * presence). A no is an error: `not_found` (no such thing, or not visible to the actor) or `forbidden`.
 */
export interface TopicAuthorization {
  state?: Record<string, unknown>;
  presence?: PresenceMeta;
}

/** `state` of a `fight:` topic: which fight, and how far its shot counter has moved. */
export interface FightTopicState {
  fight_id: string;
  campaign_id: string;
  sequence: number;
  started_at: string | null;
  ended_at: string | null;
}

/** `state` of a `campaign:` topic. */
export interface CampaignTopicState {
  campaign_id: string;
}
