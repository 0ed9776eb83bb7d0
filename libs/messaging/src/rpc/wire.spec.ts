import type { Msg } from '@nats-io/transport-node';
import { answerPrefix, JsonText, ReplySerializer, RequestDeserializer, requestPacket } from './wire.js';

const serializer = new ReplySerializer();
const deserializer = new RequestDeserializer();

function message(body: string, reply = '_INBOX.1'): Msg {
  return { reply, json: () => JSON.parse(body) as unknown } as unknown as Msg;
}

describe('the request/reply packets', () => {
  it('writes an answer with the response last, after the id the caller chose', () => {
    const { data } = serializer.serialize({ id: '7', response: { a: [1, 'x'] }, isDisposed: true });
    expect(data.startsWith(answerPrefix('7'))).toBe(true);
    expect(data.slice(answerPrefix('7').length, -1)).toBe('{"a":[1,"x"]}');
    expect(JSON.parse(data)).toEqual({ id: '7', isDisposed: true, response: { a: [1, 'x'] } });
  });

  it('writes JSON a service built itself as it is', () => {
    const { data } = serializer.serialize({ id: '8', response: new JsonText('{"b":2}'), isDisposed: true });
    expect(JSON.parse(data)).toEqual({ id: '8', isDisposed: true, response: { b: 2 } });
  });

  it('writes failures and answers without a value the way Nest does', () => {
    const failure = { id: '9', err: { code: 'not_found' }, isDisposed: true };
    expect(JSON.parse(serializer.serialize(failure).data)).toEqual(failure);
    expect(JSON.parse(serializer.serialize({ id: '10', isDisposed: true }).data)).toEqual({
      id: '10',
      isDisposed: true,
    });
  });

  it('reads a request packet written by requestPacket', () => {
    const packet = requestPacket('campaign.campaigns.list', JSON.stringify({ page: 2 }), '11');
    expect(deserializer.deserialize(message(packet), { channel: 'p.campaign.campaigns.list' })).toEqual({
      pattern: 'p.campaign.campaigns.list',
      data: { page: 2 },
      id: '11',
    });
  });

  it('hands a body that is not JSON on as a null payload, answered by the contract check', () => {
    const unreadable = { reply: '_INBOX.2', json: () => JSON.parse('{nope') as unknown } as unknown as Msg;
    expect(deserializer.deserialize(unreadable, { channel: 'c' })).toEqual({
      pattern: 'c',
      data: null,
      id: 'unreadable',
    });
    expect(deserializer.deserialize(message('42'), { channel: 'c' }).data).toBeNull();
  });
});
