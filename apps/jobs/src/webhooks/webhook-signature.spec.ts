import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'whsec_0123456789abcdef';
const body = '{"event":"fight.started","fight":{"name":"Rooftop"}}';
const signedAt = new Date('2026-12-02T04:00:00Z');
const t = signedAt.getTime() / 1000;
const later = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000);

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, as t=<unix seconds>,v1=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhookBody(secret, body, signedAt)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies its own signature within the tolerance, either side of the clock', () => {
    const header = signWebhookBody(secret, body, signedAt);
    expect(verifyWebhookSignature(secret, header, body, later(299), 300)).toEqual({
      valid: true,
      timestamp: t,
    });
    expect(verifyWebhookSignature(secret, header, body, later(-299), 300).valid).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), signedAt, 300).valid).toBe(true);
  });

  it('refuses a signature older or newer than the tolerance', () => {
    const header = signWebhookBody(secret, body, signedAt);
    expect(verifyWebhookSignature(secret, header, body, later(301), 300)).toEqual({
      valid: false,
      reason: 'outside_tolerance',
    });
    expect(verifyWebhookSignature(secret, header, body, later(-301), 300).valid).toBe(false);
  });

  it('refuses another body, another secret, or a timestamp changed after signing', () => {
    const header = signWebhookBody(secret, body, signedAt);
    const mismatch = { valid: false, reason: 'mismatch' };
    expect(verifyWebhookSignature(secret, header, `${body} `, signedAt, 300)).toEqual(mismatch);
    expect(verifyWebhookSignature('another-secret-0000', header, body, signedAt, 300)).toEqual(mismatch);
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifyWebhookSignature(secret, moved, body, signedAt, 300)).toEqual(mismatch);
  });

  it('accepts any one of several v1 signatures (a rotated secret) and ignores unknown keys', () => {
    const good = signWebhookBody(secret, body, signedAt).split(',v1=')[1];
    const header = `t=${t},v0=legacy,v1=${'0'.repeat(64)},v1=${good}`;
    expect(verifyWebhookSignature(secret, header, body, signedAt, 300).valid).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['no timestamp', `v1=${'a'.repeat(64)}`],
    ['no signature', `t=${t}`],
    ['a timestamp that is not a number', `t=soon,v1=${'a'.repeat(64)}`],
    ['two timestamps', `t=${t},t=${t},v1=${'a'.repeat(64)}`],
    ['a short signature', `t=${t},v1=abc`],
    ['upper-case hex', `t=${t},v1=${'A'.repeat(64)}`],
    ['a part without "="', `t=${t},v1`],
  ])('refuses a malformed header: %s', (_case, header) => {
    expect(verifyWebhookSignature(secret, header, body, signedAt, 300)).toEqual({
      valid: false,
      reason: 'malformed',
    });
  });
});
