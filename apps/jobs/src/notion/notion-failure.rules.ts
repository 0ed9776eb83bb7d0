import { isHTTPResponseError, isNotionClientError, ClientErrorCode } from '@notionhq/client';
import { NotionFailureCodes } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import { retryAfterSeconds } from '../webhooks/webhook-response.rules.js';

/** What matters of a failed Notion call: its status and error code, Notion's `retry-after`, or no answer. */
export interface NotionCallFacts {
  /** The HTTP status; absent when there was no answer. */
  status?: number;
  /** Notion's error code (`validation_error`, `object_not_found`...), when it gave one. */
  code?: string;
  retryAfter?: string;
}

/** Notion's error codes are short snake_case words; anything else is not repeated. */
const NOTION_CODE = /^[a-z_]{1,40}$/;

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The facts of an error the Notion client threw: an HTTP answer's status, code and retry-after, or nothing (a
 * timeout, a refused connection). Reads no message or body: those may echo what was sent.
 */
export function notionCallFacts(error: unknown): NotionCallFacts {
  if (isHTTPResponseError(error)) {
    return {
      status: error.status,
      code: error.code === ClientErrorCode.ResponseError ? undefined : error.code,
      retryAfter: header(error.headers, 'retry-after'),
    };
  }
  return {};
}

/** Whether `error` came from the Notion client or from the request itself (and is not a bug of ours). */
export function isNotionCallError(error: unknown): boolean {
  if (isNotionClientError(error)) return true;
  // A request aborted or refused below the client: fetch's TypeError or an AbortSignal's DOMException, made in
  // Node's own realm (so compared by name, not instanceof).
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return (
    (name === 'TypeError' && message === 'fetch failed') || name === 'TimeoutError' || name === 'AbortError'
  );
}

/**
 * The job failure for a Notion call that failed: 429, 409 (a write collision) and 5xx, and no answer, are worth retrying; 401/403 (token
 * revoked, database not shared), 404 (database or page gone) and other 4xx (the database lacks a property, or has
 * it with another type) are not. Messages carry the status and Notion's error code, never its message.
 */
export function notionFailure(facts: NotionCallFacts, now: Date): JobFailure {
  const { status } = facts;
  const code = facts.code && NOTION_CODE.test(facts.code) ? ` (${facts.code})` : '';
  if (status === undefined) {
    return JobFailure.transient(
      NotionFailureCodes.unreachable,
      'Notion did not answer in time, or could not be reached',
    );
  }
  if (status === 429) {
    const wait = retryAfterSeconds({ status, retryAfter: facts.retryAfter }, now);
    return JobFailure.transient(
      NotionFailureCodes.rateLimited,
      wait === null
        ? 'Notion answered 429 (rate limited)'
        : `Notion answered 429 (rate limited) and asks to retry after ${wait} s`,
      { retryAfterMs: wait === null ? undefined : wait * 1000 },
    );
  }
  if (status === 409) {
    return JobFailure.transient(
      NotionFailureCodes.conflict,
      `Notion answered 409${code}: the page was being changed at the same time`,
    );
  }
  if (status >= 500) {
    return JobFailure.transient(NotionFailureCodes.serverError, `Notion answered ${status}${code}`);
  }
  if (status === 401 || status === 403) {
    return JobFailure.permanent(
      NotionFailureCodes.unauthorized,
      `Notion answered ${status}${code}: the token was revoked, or the database is not shared with the integration`,
    );
  }
  if (status === 404) {
    return JobFailure.permanent(
      NotionFailureCodes.notFound,
      `Notion answered 404${code}: the database or the page is gone, or not shared with the integration`,
    );
  }
  return JobFailure.permanent(
    NotionFailureCodes.rejected,
    `Notion answered ${status}${code}: check that the database has the properties a synced character needs`,
  );
}
