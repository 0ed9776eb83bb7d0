import { WebhookFailureCodes } from '@shotcaller/contracts';
import { retryAfterSeconds, webhookAnswerFailure } from './webhook-response.rules.js';

const now = new Date('2026-12-02T04:30:00Z');

describe('webhook answers', () => {
  it.each([200, 201, 204, 299])('counts %s as delivered', (status) => {
    expect(webhookAnswerFailure({ status }, now)).toBeNull();
  });

  it.each([
    [500, WebhookFailureCodes.serverError, true],
    [503, WebhookFailureCodes.serverError, true],
    [429, WebhookFailureCodes.rateLimited, true],
    [400, WebhookFailureCodes.refused, false],
    [401, WebhookFailureCodes.refused, false],
    [404, WebhookFailureCodes.refused, false],
    [410, WebhookFailureCodes.refused, false],
    [301, WebhookFailureCodes.redirected, false],
    [302, WebhookFailureCodes.redirected, false],
    [307, WebhookFailureCodes.redirected, false],
  ])('fails %s with %s, retry %s', (status, code, retry) => {
    const failure = webhookAnswerFailure({ status }, now);
    expect(failure).toMatchObject({ code, retry });
    expect(failure?.message).toContain(String(status));
  });

  it("reads how long a 429 asks to wait: the retry-after header, else Discord's retry_after", () => {
    expect(retryAfterSeconds({ status: 429, retryAfter: '7' }, now)).toBe(7);
    expect(retryAfterSeconds({ status: 429, retryAfter: '1.2' }, now)).toBe(2);
    expect(retryAfterSeconds({ status: 429, retryAfter: 'Wed, 02 Dec 2026 04:31:00 GMT' }, now)).toBe(60);
    expect(retryAfterSeconds({ status: 429, retryAfter: 'Wed, 02 Dec 2026 04:00:00 GMT' }, now)).toBe(0);
    expect(
      retryAfterSeconds(
        { status: 429, body: '{"message":"You are being rate limited.","retry_after":0.35,"global":false}' },
        now,
      ),
    ).toBe(1);
    expect(retryAfterSeconds({ status: 429, retryAfter: '3', body: '{"retry_after":9}' }, now)).toBe(3);
    expect(retryAfterSeconds({ status: 429, retryAfter: '999999999' }, now)).toBe(86_400);
    expect(retryAfterSeconds({ status: 429 }, now)).toBeNull();
    expect(retryAfterSeconds({ status: 429, body: 'slow down' }, now)).toBeNull();
    expect(retryAfterSeconds({ status: 429, body: '{"retry_after":-1}' }, now)).toBeNull();
  });

  it('says in a 429 failure when the receiver asked to be called again', () => {
    expect(webhookAnswerFailure({ status: 429, retryAfter: '30' }, now)?.message).toBe(
      'The webhook receiver answered 429 (rate limited) and asks to retry after 30 s',
    );
    expect(webhookAnswerFailure({ status: 429 }, now)?.message).toBe(
      'The webhook receiver answered 429 (rate limited)',
    );
  });
});
