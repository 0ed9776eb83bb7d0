import { NotionFailureCodes } from '@shotcaller/contracts';
import { isNotionCallError, notionFailure } from './notion-failure.rules.js';

const now = new Date('2026-12-01T12:00:00Z');

describe('notionFailure', () => {
  it('retries a 429, saying how long Notion asked to wait', () => {
    const failure = notionFailure({ status: 429, code: 'rate_limited', retryAfter: '30' }, now);
    expect(failure).toMatchObject({ code: NotionFailureCodes.rateLimited, retry: true });
    expect(failure.message).toContain('retry after 30 s');
    expect(
      notionFailure({ status: 429, retryAfter: 'Tue, 01 Dec 2026 12:01:00 GMT' }, now).message,
    ).toContain('retry after 60 s');
    expect(notionFailure({ status: 429 }, now).message).not.toContain('retry after');
  });

  it('retries a 5xx, a 409 and no answer at all', () => {
    expect(notionFailure({ status: 503, code: 'service_unavailable' }, now)).toMatchObject({
      code: NotionFailureCodes.serverError,
      retry: true,
      message: 'Notion answered 503 (service_unavailable)',
    });
    expect(notionFailure({ status: 409, code: 'conflict_error' }, now)).toMatchObject({
      code: NotionFailureCodes.conflict,
      retry: true,
    });
    expect(notionFailure({}, now)).toMatchObject({ code: NotionFailureCodes.unreachable, retry: true });
  });

  it('gives up on a revoked token, a database not shared, a page gone, a request refused', () => {
    expect(notionFailure({ status: 401, code: 'unauthorized' }, now)).toMatchObject({
      code: NotionFailureCodes.unauthorized,
      retry: false,
    });
    expect(notionFailure({ status: 403, code: 'restricted_resource' }, now)).toMatchObject({
      code: NotionFailureCodes.unauthorized,
      retry: false,
    });
    expect(notionFailure({ status: 404, code: 'object_not_found' }, now)).toMatchObject({
      code: NotionFailureCodes.notFound,
      retry: false,
    });
    expect(notionFailure({ status: 400, code: 'validation_error' }, now)).toMatchObject({
      code: NotionFailureCodes.rejected,
      retry: false,
    });
  });

  it('repeats only a code that looks like one of Notion', () => {
    expect(notionFailure({ status: 400, code: 'Guns is not a property' }, now).message).not.toContain('Guns');
  });
});

describe('isNotionCallError', () => {
  it('knows fetch failures and timeouts, and leaves other errors as bugs', () => {
    expect(isNotionCallError(new TypeError('fetch failed'))).toBe(true);
    expect(isNotionCallError(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    expect(isNotionCallError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isNotionCallError(new Error('boom'))).toBe(false);
    expect(isNotionCallError('boom')).toBe(false);
  });
});
