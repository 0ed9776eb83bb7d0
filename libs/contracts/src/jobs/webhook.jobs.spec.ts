import { accepted, refusals, UUID } from '../characters/dto-checks.spec-support.js';
import {
  DeliverWebhookData,
  DiscordFightData,
  isWebhookUrl,
  WEBHOOK_PAYLOAD_MAX_BYTES,
  webhookPayloadProblem,
} from './webhook.jobs.js';

const deliver = { url: 'https://example.com/hooks/shotcaller', event: 'fight.started', payload: { a: 1 } };

const discord = {
  webhook_url: 'https://discord.com/api/webhooks/123/token',
  event: 'fight_started',
  campaign_name: 'Born to Revengeance',
  fight: {
    id: UUID.a,
    name: 'Rooftop Showdown',
    sequence: 1,
    description: '<p>Rain.</p>',
    combatants: [
      { name: 'Johnny Tso', shot: 14 },
      { name: 'Mook', shot: null },
    ],
  },
};

/** `depth` objects nested in one another. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < depth; level += 1) value = { inner: value };
  return value;
}

describe('deliver job data', () => {
  it('accepts an http(s) URL, a short event name and a JSON object payload', () => {
    expect(refusals(DeliverWebhookData, deliver)).toEqual({});
    expect(refusals(DeliverWebhookData, { ...deliver, url: 'http://127.0.0.1:8080/x?y=1' })).toEqual({});
    expect(refusals(DeliverWebhookData, { ...deliver, url: 'http://[::1]:8080/' })).toEqual({});
    expect(accepted(DeliverWebhookData, deliver).payload).toEqual({ a: 1 });
  });

  it.each([
    ['another scheme', 'ftp://example.com/x'],
    ['a file', 'file:///etc/passwd'],
    ['credentials', 'https://user:secret@example.com/x'],
    ['no scheme', 'example.com/x'],
    ['over 2048 characters', `https://example.com/${'a'.repeat(2048)}`],
  ])('refuses a URL with %s', (_case, url) => {
    expect(Object.keys(refusals(DeliverWebhookData, { ...deliver, url }))).toEqual(['url']);
  });

  it.each([[''], ['Fight'], ['fight started'], ['1fight'], ['a'.repeat(65)]])(
    'refuses the event %j',
    (event) => {
      expect(Object.keys(refusals(DeliverWebhookData, { ...deliver, event }))).toEqual(['event']);
    },
  );

  it('refuses a payload that is not an object, too deep or too large, saying which', () => {
    expect(refusals(DeliverWebhookData, { ...deliver, payload: [1] })).toEqual({
      payload: ['must be a JSON object'],
    });
    expect(refusals(DeliverWebhookData, { ...deliver, payload: 'text' })).toEqual({
      payload: ['must be a JSON object'],
    });
    expect(refusals(DeliverWebhookData, { ...deliver, payload: nested(8) })).toEqual({});
    expect(refusals(DeliverWebhookData, { ...deliver, payload: nested(9) })).toEqual({
      payload: ['must not be nested more than 8 levels deep'],
    });
    const big = { text: 'x'.repeat(WEBHOOK_PAYLOAD_MAX_BYTES) };
    expect(refusals(DeliverWebhookData, { ...deliver, payload: big })).toEqual({
      payload: [`must not be larger than ${WEBHOOK_PAYLOAD_MAX_BYTES} bytes as JSON`],
    });
    expect(refusals(DeliverWebhookData, { url: deliver.url, event: deliver.event })).toHaveProperty(
      'payload',
    );
  });

  it('counts the payload size in UTF-8 bytes, not characters', () => {
    const text = 'é'.repeat(WEBHOOK_PAYLOAD_MAX_BYTES / 2);
    expect(webhookPayloadProblem({ t: text.slice(0, text.length - 10) })).toBeNull();
    expect(webhookPayloadProblem({ t: text })).toMatch(/larger than/);
  });

  it('refuses unknown fields', () => {
    expect(refusals(DeliverWebhookData, { ...deliver, secret: 'x' })).toEqual({
      secret: ['is not a permitted attribute'],
    });
  });

  it('reads URLs as the runner will', () => {
    expect(isWebhookUrl('https://example.com')).toBe(true);
    expect(isWebhookUrl('javascript:alert(1)')).toBe(false);
    expect(isWebhookUrl(42)).toBe(false);
  });
});

describe('discord_fight job data', () => {
  it('accepts a fight with or without description and combatants', () => {
    expect(refusals(DiscordFightData, discord)).toEqual({});
    const { description: _d, combatants: _c, ...bare } = discord.fight;
    expect(refusals(DiscordFightData, { ...discord, fight: bare })).toEqual({});
    expect(
      refusals(DiscordFightData, { ...discord, fight: { ...discord.fight, description: null } }),
    ).toEqual({});
  });

  it('refuses unknown events, missing fights and bad fight fields', () => {
    expect(Object.keys(refusals(DiscordFightData, { ...discord, event: 'fight_paused' }))).toEqual(['event']);
    expect(Object.keys(refusals(DiscordFightData, { ...discord, fight: undefined }))).toEqual(['fight']);
    expect(Object.keys(refusals(DiscordFightData, { ...discord, campaign_name: ' ' }))).toEqual([
      'campaign_name',
    ]);
    const fight = (changes: object) => ({ ...discord, fight: { ...discord.fight, ...changes } });
    // toFieldErrors reads a leading `fight` as the Rails body envelope and leaves it out of the field keys.
    expect(Object.keys(refusals(DiscordFightData, fight({ id: 'x' })))).toEqual(['id']);
    expect(Object.keys(refusals(DiscordFightData, fight({ sequence: -1 })))).toEqual(['sequence']);
    expect(Object.keys(refusals(DiscordFightData, fight({ combatants: [{ name: 'A', shot: 31 }] })))).toEqual(
      ['combatants.0.shot'],
    );
    expect(Object.keys(refusals(DiscordFightData, fight({ combatants: [{ name: 'A' }] })))).toEqual([
      'combatants.0.shot',
    ]);
    const crowd = Array.from({ length: 501 }, () => ({ name: 'Mook', shot: 1 }));
    expect(Object.keys(refusals(DiscordFightData, fight({ combatants: crowd })))).toEqual(['combatants']);
  });
});
