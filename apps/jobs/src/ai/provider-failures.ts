import { JobFailure } from '../queues/job-failure.js';
import { retryAfterSeconds as readRetryAfter } from '../webhooks/webhook-response.rules.js';

/*
 * How an OpenAI-compatible provider's refusals map onto job failures. Messages name the status and never carry
 * the provider's body (an OpenAI 401 quotes part of the key) nor the key itself.
 */

export const AiFailureCodes = {
  invalidCharacter: 'ai_invalid_character',
  providerRefused: 'ai_provider_refused',
  rateLimited: 'ai_provider_rate_limited',
  unavailable: 'ai_provider_unavailable',
  timeout: 'ai_provider_timeout',
  unreachable: 'ai_provider_unreachable',
  badResponse: 'ai_provider_bad_response',
  unknownJob: 'ai_unknown_job',
} as const;

/** A `retry-after` header (seconds, or an HTTP date) as whole seconds from `now`, or undefined when unreadable. */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  return readRetryAfter({ status: 429, retryAfter: header ?? undefined }, new Date(now)) ?? undefined;
}

/** A provider error code worth naming (`model_not_found`, `invalid_api_key`): a short token, nothing else. */
export function providerErrorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown; type?: unknown } } | null)?.error;
  const code =
    typeof error?.code === 'string' ? error.code : typeof error?.type === 'string' ? error.type : undefined;
  return code !== undefined && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
}

/**
 * The failure an unsuccessful HTTP status means. Rate limits (429, honouring retry-after), timeouts (408) and
 * server errors (5xx) may pass: transient. A refused key (401, 403), a refused request (400) or anything else a
 * retry would only repeat: permanent.
 */
export function failureForStatus(
  status: number,
  retryAfter: string | null,
  now: number,
  errorCode?: string,
): JobFailure {
  const named = errorCode ? ` (${errorCode})` : '';
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter, now);
    const wait = seconds === undefined ? '' : `; it asks to retry after ${seconds} s`;
    return JobFailure.transient(
      AiFailureCodes.rateLimited,
      `The AI provider is rate limiting requests (429)${wait}`,
      { retryAfterMs: seconds === undefined ? undefined : seconds * 1000 },
    );
  }
  if (status === 408 || status >= 500) {
    return JobFailure.transient(AiFailureCodes.unavailable, `The AI provider could not answer (${status})`);
  }
  if (status === 401 || status === 403) {
    return JobFailure.permanent(
      AiFailureCodes.providerRefused,
      `The AI provider refused the API key (${status}); check AI_API_KEY`,
    );
  }
  return JobFailure.permanent(
    AiFailureCodes.providerRefused,
    `The AI provider refused the request (${status})${named}; check AI_BASE_URL and AI_MODEL`,
  );
}

/** The failure a request that got no answer means: a timeout or a connection that failed, both transient. */
export function failureForFetchError(error: unknown, timeoutMs: number): JobFailure {
  // Not `instanceof`: the abort reason is a DOMException, which may come from another realm.
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return JobFailure.transient(
      AiFailureCodes.timeout,
      `The AI provider did not answer within ${timeoutMs} ms`,
    );
  }
  return JobFailure.transient(AiFailureCodes.unreachable, 'The AI provider could not be reached');
}
