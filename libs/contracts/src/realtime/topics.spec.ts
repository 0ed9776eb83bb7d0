import { parseTopic, TOPIC_OWNERS } from './topics.js';

const ID = '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f';

describe('parseTopic', () => {
  it.each([
    ['campaign', `rt.campaign.${ID}`, 'campaign'],
    ['fight', `rt.fight.${ID}`, 'campaign'],
    ['user', `rt.user.${ID}`, 'campaign'],
    ['chat', `rt.chat.channel.${ID}`, 'chat'],
    ['location', `rt.location.${ID}`, 'realtime-location'],
  ])('reads %s topics with their subject and owner', (kind, subject, owner) => {
    expect(parseTopic(`${kind}:${ID}`)).toEqual({
      name: `${kind}:${ID}`,
      kind,
      id: ID,
      subject,
      presenceSubject: `gateway.presence.${kind}.${ID}`,
      owner,
    });
  });

  it('spells a topic one way: kind and id in lowercase', () => {
    expect(parseTopic(`Campaign:${ID.toUpperCase()}`)?.name).toBe(`campaign:${ID}`);
  });

  it.each([
    [`doc:${ID}`],
    [`party:${ID}`],
    ['campaign:42'],
    [`campaign:${ID}:extra`],
    [` campaign:${ID}`],
    [`campaign:${ID}\n`],
    [`campaign ${ID}`],
    [''],
    [`campaign:${'a'.repeat(100)}`],
    [42],
    [null],
    [{ topic: `campaign:${ID}` }],
  ])('refuses %p', (text) => {
    expect(parseTopic(text)).toBeNull();
  });

  it('gives every kind an owner', () => {
    expect(Object.keys(TOPIC_OWNERS).sort()).toEqual(['campaign', 'chat', 'fight', 'location', 'user']);
  });
});
