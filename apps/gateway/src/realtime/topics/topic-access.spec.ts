import { parseTopic, ServiceError, type Topic, type TopicAuthorization } from '@shotcaller/contracts';
import type { ServiceClient } from '@shotcaller/messaging';
import type { RealtimeIdentity } from '../connections/identity.js';
import type { RealtimeOptions } from '../realtime.options.js';
import { TopicAccess } from './topic-access.js';

const USER = '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f';
const CAMPAIGN = '1c8f6a8d-0b62-4d2f-9e3b-4a5c6d7e8f90';
const topic = parseTopic(`campaign:${CAMPAIGN}`) as Topic;
const identity: RealtimeIdentity = {
  kind: 'user',
  id: USER,
  token: 'token',
  expiresAt: 0,
  user: {} as never,
};

/** A campaign service that answers from a queue of answers and counts what it was asked. */
function owner(...answers: (TopicAuthorization | ServiceError)[]) {
  const asked: { subject: string; payload: unknown; caller: unknown }[] = [];
  const services = {
    request: async (subject: string, payload: unknown, options: { caller: unknown }) => {
      asked.push({ subject, payload, caller: options.caller });
      const answer = answers.shift();
      if (answer === undefined) throw new Error('asked more often than expected');
      if (answer instanceof ServiceError) throw answer;
      return answer;
    },
  } as unknown as ServiceClient;
  return { services, asked };
}

function access(services: ServiceClient, authorizeCacheMs = 3000): TopicAccess {
  return new TopicAccess(services, { authorizeCacheMs } as RealtimeOptions);
}

describe('TopicAccess', () => {
  it('asks the owner with the identity token, and keeps a yes for the cache time', async () => {
    const yes = { state: { n: 1 } };
    const { services, asked } = owner(yes, { state: { n: 2 } });
    const topics = access(services);
    expect(await topics.authorize(identity, topic, 0)).toBe(yes);
    expect(await topics.authorize(identity, topic, 2999)).toBe(yes);
    expect(asked).toEqual([
      { subject: 'campaign.topics.authorize', payload: { topic: topic.name }, caller: { token: 'token' } },
    ]);
    expect(await topics.authorize(identity, topic, 3000)).toEqual({ state: { n: 2 } });
    expect(asked).toHaveLength(2);
  });

  it('asks once for subscribes made together', async () => {
    const { services, asked } = owner({});
    const topics = access(services);
    await Promise.all([topics.authorize(identity, topic, 0), topics.authorize(identity, topic, 0)]);
    expect(asked).toHaveLength(1);
  });

  it('never keeps a no, nor a yes once the identity is forgotten', async () => {
    const { services, asked } = owner(ServiceError.forbidden('No'), {}, {});
    const topics = access(services);
    await expect(topics.authorize(identity, topic, 0)).rejects.toMatchObject({ code: 'forbidden' });
    await topics.authorize(identity, topic, 1);
    topics.forget(identity);
    await topics.authorize(identity, topic, 2);
    expect(asked).toHaveLength(3);
  });

  it('keeps nothing with a cache time of 0', async () => {
    const { services, asked } = owner({}, {});
    const topics = access(services, 0);
    await topics.authorize(identity, topic, 0);
    await topics.authorize(identity, topic, 0);
    expect(asked).toHaveLength(2);
  });

  it('refuses another user topic without asking anyone', async () => {
    const { services, asked } = owner();
    const other = parseTopic(`user:${CAMPAIGN}`) as Topic;
    await expect(access(services).authorize(identity, other, 0)).rejects.toMatchObject({ code: 'forbidden' });
    expect(asked).toEqual([]);
  });
});
