import { parseTopic, type Topic } from '@shotcaller/contracts';
import { refusedLocally } from './topic-access.rules.js';

const ME = '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f';
const OTHER = '1c8f6a8d-0b62-4d2f-9e3b-4a5c6d7e8f90';
const topic = (text: string) => parseTopic(text) as Topic;

describe('refusedLocally', () => {
  it("refuses another user's user topic, and leaves the rest to the owner", () => {
    expect(refusedLocally({ kind: 'user', id: ME }, topic(`user:${ME}`))).toBeUndefined();
    expect(refusedLocally({ kind: 'user', id: ME }, topic(`user:${OTHER}`))?.code).toBe('forbidden');
    for (const kind of ['campaign', 'fight', 'chat', 'location']) {
      expect(refusedLocally({ kind: 'user', id: ME }, topic(`${kind}:${OTHER}`))).toBeUndefined();
    }
  });

  it("lets a participant follow its own session's topic and nothing else", () => {
    const participant = { kind: 'participant' as const, id: ME, sessionId: OTHER };
    expect(refusedLocally(participant, topic(`location:${OTHER}`))).toBeUndefined();
    for (const text of [`location:${ME}`, `user:${ME}`, `campaign:${OTHER}`, `chat:${OTHER}`]) {
      expect(refusedLocally(participant, topic(text))?.code).toBe('forbidden');
    }
  });
});
