import { locationEndingOf } from './location-endings.rules.js';

const SESSION = '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b';
const PARTICIPANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const topic = `location:${SESSION}`;

describe('locationEndingOf', () => {
  it('ends the whole session on session.ended, one participant on participant.left', () => {
    expect(locationEndingOf(topic, JSON.stringify({ event: 'session.ended', session_id: SESSION }))).toEqual({
      kind: 'session',
      sessionId: SESSION,
    });
    expect(
      locationEndingOf(
        topic,
        JSON.stringify({
          event: 'participant.left',
          participant_id: PARTICIPANT.toUpperCase(),
          reason: 'removed',
        }),
      ),
    ).toEqual({ kind: 'participant', sessionId: SESSION, participantId: PARTICIPANT });
  });

  it('ends nothing for other events, other topics or unreadable data', () => {
    for (const [name, json] of [
      [topic, JSON.stringify({ event: 'location.updated' })],
      [topic, JSON.stringify({ event: 'participant.joined' })],
      [topic, JSON.stringify({ event: 'participant.left' })],
      [topic, 'not json'],
      [topic, 'null'],
      [`fight:${SESSION}`, JSON.stringify({ event: 'session.ended' })],
    ]) {
      expect({ name, json, ending: locationEndingOf(name, json) }).toEqual({ name, json, ending: null });
    }
  });
});
