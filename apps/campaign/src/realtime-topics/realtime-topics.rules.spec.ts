import { parseTopic, type Topic } from '@shotcaller/contracts';
import { userTopicRefusal } from './realtime-topics.rules.js';

const ME = '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f';
const OTHER = '1c8f6a8d-0b62-4d2f-9e3b-4a5c6d7e8f90';
const topic = (text: string) => parseTopic(text) as Topic;

describe('userTopicRefusal', () => {
  it("refuses another user's topic and kinds campaign does not own", () => {
    expect(userTopicRefusal(ME, topic(`user:${ME}`))).toBeUndefined();
    expect(userTopicRefusal(ME, topic(`campaign:${OTHER}`))).toBeUndefined();
    expect(userTopicRefusal(ME, topic(`fight:${OTHER}`))).toBeUndefined();
    expect(userTopicRefusal(ME, topic(`user:${OTHER}`))?.code).toBe('forbidden');
    expect(userTopicRefusal(ME, topic(`chat:${OTHER}`))?.code).toBe('not_found');
    expect(userTopicRefusal(ME, topic(`location:${OTHER}`))?.code).toBe('not_found');
  });
});
