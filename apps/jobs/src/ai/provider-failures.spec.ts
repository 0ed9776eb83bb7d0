import {
  failureForFetchError,
  failureForStatus,
  providerErrorCode,
  retryAfterSeconds,
} from './provider-failures.js';

const now = Date.parse('2026-12-02T05:00:00Z');

describe('failureForStatus', () => {
  it('lets rate limits, timeouts and server errors be retried', () => {
    for (const status of [429, 408, 500, 502, 503]) {
      expect(failureForStatus(status, null, now).retry).toBe(true);
    }
    expect(failureForStatus(429, '20', now)).toMatchObject({
      code: 'ai_provider_rate_limited',
      message: 'The AI provider is rate limiting requests (429); it asks to retry after 20 s',
    });
    expect(failureForStatus(503, null, now).code).toBe('ai_provider_unavailable');
  });

  it('ends the job on a refused key or request', () => {
    expect(failureForStatus(401, null, now)).toMatchObject({
      code: 'ai_provider_refused',
      retry: false,
      message: 'The AI provider refused the API key (401); check AI_API_KEY',
    });
    expect(failureForStatus(403, null, now).retry).toBe(false);
    expect(failureForStatus(400, null, now, 'model_not_found')).toMatchObject({
      code: 'ai_provider_refused',
      retry: false,
      message: 'The AI provider refused the request (400) (model_not_found); check AI_BASE_URL and AI_MODEL',
    });
    expect(failureForStatus(404, null, now).retry).toBe(false);
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Wed, 02 Dec 2026 05:01:00 GMT', now)).toBe(60);
    expect(retryAfterSeconds('Wed, 02 Dec 2026 04:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe('providerErrorCode', () => {
  it('names a short error code, never a sentence that could quote the key', () => {
    expect(
      providerErrorCode({ error: { code: 'invalid_api_key', message: 'Incorrect API key sk-abc' } }),
    ).toBe('invalid_api_key');
    expect(providerErrorCode({ error: { type: 'invalid_request_error' } })).toBe('invalid_request_error');
    expect(providerErrorCode({ error: { code: 'Incorrect API key provided: sk-abc' } })).toBeUndefined();
    expect(providerErrorCode('nope')).toBeUndefined();
  });
});

describe('failureForFetchError', () => {
  it('tells a timeout from a connection that failed; both may pass', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(failureForFetchError(timeout, 200)).toMatchObject({
      code: 'ai_provider_timeout',
      retry: true,
      message: 'The AI provider did not answer within 200 ms',
    });
    expect(failureForFetchError(new TypeError('fetch failed'), 200)).toMatchObject({
      code: 'ai_provider_unreachable',
      retry: true,
    });
  });
});
