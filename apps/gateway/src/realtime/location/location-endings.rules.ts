import { LocationEvent, parseTopic } from '@shotcaller/contracts';

/** Whose connections a location event ends: the whole session's, one participant's, or nobody's. */
export type LocationEnding =
  | { kind: 'session'; sessionId: string }
  | { kind: 'participant'; sessionId: string; participantId: string }
  | null;

/**
 * What a `rt.location.<id>` event ends: `session.ended` every participant's connection (their tokens are for that
 * session only), `participant.left` the leaver's. Anything else (or anything unreadable) nothing.
 */
export function locationEndingOf(topicName: string, json: string): LocationEnding {
  const topic = parseTopic(topicName);
  if (topic?.kind !== 'location') return null;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const event = data as { event?: unknown; participant_id?: unknown };
  if (event.event === LocationEvent.SessionEnded) return { kind: 'session', sessionId: topic.id };
  if (event.event === LocationEvent.ParticipantLeft && typeof event.participant_id === 'string') {
    return { kind: 'participant', sessionId: topic.id, participantId: event.participant_id.toLowerCase() };
  }
  return null;
}
