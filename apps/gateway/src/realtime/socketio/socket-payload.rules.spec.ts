import { splitAck, topicOfPayload } from './socket-payload.rules.js';

const ID = '0b7e5f7c-9a51-4c1e-8d2a-3f4b5c6d7e8f';

describe('socket payloads', () => {
  it('splits off the acknowledgement callback', () => {
    const ack = () => undefined;
    expect(splitAck([{ topic: 'x' }, ack])).toEqual({ payload: { topic: 'x' }, ack });
    expect(splitAck([ack])).toEqual({ payload: undefined, ack });
    expect(splitAck([{ topic: 'x' }])).toEqual({ payload: { topic: 'x' } });
    expect(splitAck([])).toEqual({ payload: undefined });
  });

  it('reads {topic}', () => {
    expect(topicOfPayload({ topic: `fight:${ID}` })).toMatchObject({ topic: { name: `fight:${ID}` } });
  });

  it.each([
    [undefined],
    [null],
    ['campaign:x'],
    [[`campaign:${ID}`]],
    [{ topic: 1 }],
    [{ topic: `campaign:${ID}`, x: 1 }],
  ])('refuses %p as invalid_payload', (payload) => {
    expect(topicOfPayload(payload)).toMatchObject({ error: { code: 'invalid_payload' } });
  });

  it('refuses an unknown topic as invalid_topic', () => {
    expect(topicOfPayload({ topic: `doc:${ID}` })).toMatchObject({ error: { code: 'invalid_topic' } });
  });
});
