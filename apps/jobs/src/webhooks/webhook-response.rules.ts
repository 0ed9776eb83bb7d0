import { WebhookFailureCodes } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';

/** What a receiver answered: its status, its `retry-after` header and the start of its body (429 only). */
export interface WebhookAnswer {
  status: number;
  retryAfter?: string;
  /** At most a few KiB, read only when the status is 429 (Discord puts `retry_after` there). */
  body?: string;
}

/** The longest wait a failure message reports (a day); anything longer is reported as that. */
const RETRY_AFTER_MAX_SECONDS = 24 * 3600;

/**
 * How long a 429 asks the caller to wait, in whole seconds (rounded up): the `retry-after` header (seconds or an
 * HTTP date), else Discord's JSON `retry_after` (seconds, fractional). Null when neither says.
 */
export function retryAfterSeconds(answer: WebhookAnswer, now: Date): number | null {
  const header = answer.retryAfter?.trim();
  let seconds: number | null = null;
  if (header && /^\d+(\.\d+)?$/.test(header)) seconds = Number(header);
  else if (header && !Number.isNaN(Date.parse(header))) {
    seconds = Math.max(0, (Date.parse(header) - now.getTime()) / 1000);
  } else if (answer.body) {
    try {
      const parsed: unknown = JSON.parse(answer.body);
      const value = (parsed as { retry_after?: unknown } | null)?.retry_after;
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) seconds = value;
    } catch {
      // Not JSON: the receiver did not say when to come back.
    }
  }
  return seconds === null ? null : Math.min(RETRY_AFTER_MAX_SECONDS, Math.ceil(seconds));
}

/**
 * Whether an answer means the webhook was delivered: null when it was (2xx), else the failure to throw. 429, 5xx
 * are worth retrying; a redirect (never followed) and any other 4xx are not.
 */
export function webhookAnswerFailure(answer: WebhookAnswer, now: Date): JobFailure | null {
  const { status } = answer;
  if (status >= 200 && status < 300) return null;
  if (status === 429) {
    const wait = retryAfterSeconds(answer, now);
    return JobFailure.transient(
      WebhookFailureCodes.rateLimited,
      wait === null
        ? 'The webhook receiver answered 429 (rate limited)'
        : `The webhook receiver answered 429 (rate limited) and asks to retry after ${wait} s`,
      { retryAfterMs: wait === null ? undefined : wait * 1000 },
    );
  }
  if (status >= 300 && status < 400) {
    return JobFailure.permanent(
      WebhookFailureCodes.redirected,
      `The webhook receiver answered ${status} with a redirect, which is not followed`,
    );
  }
  if (status >= 400 && status < 500) {
    return JobFailure.permanent(WebhookFailureCodes.refused, `The webhook receiver answered ${status}`);
  }
  return JobFailure.transient(WebhookFailureCodes.serverError, `The webhook receiver answered ${status}`);
}
