import {
  confirmFrame,
  disconnectFrame,
  errorFrame,
  messageFrame,
  parseCommand,
  parseIdentifier,
  pingFrame,
  rejectFrame,
  requestPath,
  routeChannel,
  selectSubprotocol,
  tokenFromRequestUrl,
  welcomeFrame,
} from './cable.protocol.js';

const USER = '0b7c5a3e-9a43-4d0e-8f7a-1c2d3e4f5a6b';
const CAMPAIGN = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

describe('subprotocol negotiation', () => {
  it('selects actioncable-v1-json when the client offers it, as the client lists it first', () => {
    expect(selectSubprotocol(['actioncable-v1-json', 'actioncable-unsupported'])).toBe('actioncable-v1-json');
  });

  it('selects actioncable-unsupported for a client that offers only versions the server does not speak', () => {
    expect(selectSubprotocol(['actioncable-v2-msgpack', 'actioncable-unsupported'])).toBe(
      'actioncable-unsupported',
    );
  });

  it('selects none for a client offering none of them', () => {
    expect(selectSubprotocol(['graphql-ws'])).toBe(false);
    expect(selectSubprotocol([])).toBe(false);
  });
});

describe('the token of the upgrade request', () => {
  it('reads ?token=<jwt>, ?token=Bearer <jwt> and its encoded forms', () => {
    expect(tokenFromRequestUrl('/cable?token=abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromRequestUrl('/cable?token=Bearer%20abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromRequestUrl('/cable?token=Bearer+abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromRequestUrl('/cable?x=1&token=bearer%20a-b.c_d.e')).toBe('a-b.c_d.e');
  });

  it('has none when it is missing, empty or not one token', () => {
    expect(tokenFromRequestUrl('/cable')).toBeUndefined();
    expect(tokenFromRequestUrl('/cable?token=')).toBeUndefined();
    expect(tokenFromRequestUrl('/cable?token=Bearer%20')).toBeUndefined();
    expect(tokenFromRequestUrl('/cable?token=a.b.c%20d.e.f')).toBeUndefined();
    expect(tokenFromRequestUrl('/cable?token=not-a-jwt')).toBeUndefined();
    expect(tokenFromRequestUrl(undefined)).toBeUndefined();
  });

  it('takes the path without the query', () => {
    expect(requestPath('/cable?token=x')).toBe('/cable');
    expect(requestPath('/cable')).toBe('/cable');
    expect(requestPath('/socket.io/?EIO=4')).toBe('/socket.io/');
  });
});

describe('identifiers', () => {
  it('reads the channel and its parameters', () => {
    expect(
      parseIdentifier(JSON.stringify({ channel: 'CampaignChannel', id: CAMPAIGN, client_id: 'x' })),
    ).toEqual({
      channel: 'CampaignChannel',
      params: { id: CAMPAIGN, client_id: 'x' },
    });
  });

  it('refuses what is not a JSON object with a string channel', () => {
    for (const text of ['', 'nope', '"CampaignChannel"', '[]', 'null', '{}', '{"channel":3}', '{"id":"x"}']) {
      expect(parseIdentifier(text)).toBeNull();
    }
  });
});

describe('channel routes', () => {
  const route = (params: Record<string, unknown>) =>
    routeChannel(parseIdentifier(JSON.stringify(params))!, USER);

  it('maps each channel to its topic', () => {
    expect(route({ channel: 'CampaignChannel', id: CAMPAIGN, client_id: 'page-1' })).toMatchObject({
      ok: true,
      channel: 'CampaignChannel',
      topic: { name: `campaign:${CAMPAIGN}`, kind: 'campaign', id: CAMPAIGN, owner: 'campaign' },
    });
    expect(route({ channel: 'FightChannel', fight_id: CAMPAIGN })).toMatchObject({
      ok: true,
      topic: { name: `fight:${CAMPAIGN}` },
    });
    expect(route({ channel: 'UserChannel', id: USER })).toMatchObject({
      ok: true,
      topic: { name: `user:${USER}` },
    });
  });

  it('lowercases ids so one record is one topic', () => {
    expect(route({ channel: 'CampaignChannel', id: CAMPAIGN.toUpperCase() })).toMatchObject({
      topic: { name: `campaign:${CAMPAIGN}` },
    });
    expect(route({ channel: 'UserChannel', id: USER.toUpperCase() })).toMatchObject({ ok: true });
  });

  it("refuses another user's UserChannel", () => {
    expect(route({ channel: 'UserChannel', id: CAMPAIGN })).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('refuses unknown channels and bad parameters', () => {
    expect(route({ channel: 'ChatChannel', id: CAMPAIGN })).toEqual({ ok: false, reason: 'unknown_channel' });
    expect(route({ channel: 'toString', id: CAMPAIGN })).toEqual({ ok: false, reason: 'unknown_channel' });
    expect(route({ channel: 'CampaignChannel' })).toEqual({ ok: false, reason: 'invalid_params' });
    expect(route({ channel: 'CampaignChannel', id: 12 })).toEqual({ ok: false, reason: 'invalid_params' });
    expect(route({ channel: 'FightChannel', id: CAMPAIGN })).toEqual({ ok: false, reason: 'invalid_params' });
    expect(route({ channel: 'CampaignChannel', id: 'campaign:1' })).toEqual({
      ok: false,
      reason: 'invalid_params',
    });
  });
});

describe('client commands', () => {
  const identifier = JSON.stringify({ channel: 'CampaignChannel', id: CAMPAIGN });

  it('reads subscribe, unsubscribe and message', () => {
    expect(parseCommand(JSON.stringify({ command: 'subscribe', identifier }))).toEqual({
      ok: true,
      command: {
        command: 'subscribe',
        identifier,
        channel: { channel: 'CampaignChannel', params: { id: CAMPAIGN } },
      },
    });
    expect(parseCommand(JSON.stringify({ command: 'unsubscribe', identifier }))).toEqual({
      ok: true,
      command: { command: 'unsubscribe', identifier },
    });
    expect(
      parseCommand(JSON.stringify({ command: 'message', identifier, data: JSON.stringify({ action: 'x' }) })),
    ).toEqual({ ok: true, command: { command: 'message', identifier, data: { action: 'x' } } });
  });

  it('names why a frame is not a command', () => {
    expect(parseCommand('{nope')).toEqual({ ok: false, reason: 'not_json' });
    expect(parseCommand('[1]')).toEqual({ ok: false, reason: 'not_an_object' });
    expect(parseCommand('"subscribe"')).toEqual({ ok: false, reason: 'not_an_object' });
    expect(parseCommand(JSON.stringify({ command: 'subscribe', identifier: 5 }))).toEqual({
      ok: false,
      reason: 'identifier_not_a_string',
    });
    expect(parseCommand(JSON.stringify({ command: 'subscribe', identifier: '[]' }))).toEqual({
      ok: false,
      reason: 'identifier_not_an_object',
    });
    expect(parseCommand(JSON.stringify({ command: 'perform', identifier }))).toEqual({
      ok: false,
      reason: 'unknown_command',
    });
    expect(parseCommand(JSON.stringify({ identifier: 'x' }))).toEqual({
      ok: false,
      reason: 'unknown_command',
    });
    expect(parseCommand(JSON.stringify({ command: 'message', identifier, data: '{' }))).toEqual({
      ok: false,
      reason: 'data_not_json_object',
    });
    expect(
      parseCommand(JSON.stringify({ command: 'message', identifier, data: { action: 'x' } })),
    ).toMatchObject({
      ok: false,
      reason: 'data_not_json_object',
    });
  });
});

describe('server frames', () => {
  it('are the Rails frames', () => {
    expect(JSON.parse(welcomeFrame())).toEqual({ type: 'welcome' });
    expect(JSON.parse(pingFrame(1_700_000_000_999))).toEqual({ type: 'ping', message: 1_700_000_000 });
    expect(JSON.parse(disconnectFrame('unauthorized', false))).toEqual({
      type: 'disconnect',
      reason: 'unauthorized',
      reconnect: false,
    });
    expect(JSON.parse(disconnectFrame('server_restart', true))).toEqual({
      type: 'disconnect',
      reason: 'server_restart',
      reconnect: true,
    });
  });

  it('name why a frame was not followed, under an identifier no subscription has', () => {
    expect(JSON.parse(errorFrame('not_json'))).toEqual({
      type: 'error',
      identifier: '',
      code: 'not_json',
      message: 'A frame must be JSON text',
    });
    expect(JSON.parse(errorFrame('no_such_subscription'))).toMatchObject({
      identifier: '',
      code: 'no_such_subscription',
    });
  });

  it('echo the identifier exactly as the client sent it, whatever its spacing, order or escapes', () => {
    const odd = '{ "id" : "x\\u00e9\u2028", "channel":"CampaignChannel" }';
    expect(JSON.parse(confirmFrame(odd))).toEqual({ identifier: odd, type: 'confirm_subscription' });
    expect(JSON.parse(rejectFrame(odd))).toEqual({ identifier: odd, type: 'reject_subscription' });
    expect(JSON.parse(messageFrame(odd, '{"characters":"reload"}'))).toEqual({
      identifier: odd,
      message: { characters: 'reload' },
    });
  });
});
