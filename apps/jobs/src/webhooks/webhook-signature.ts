import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a signed webhook request. */
export const WebhookHeaders = {
  /** The event name the job gave (`fight.started`). */
  event: 'X-Shotcaller-Event',
  /** The job id: the same on every attempt of one delivery, so a receiver can drop repeats. */
  delivery: 'X-Shotcaller-Delivery',
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
  signature: 'X-Shotcaller-Signature',
} as const;

/** How far a signature's time may be from the receiver's clock by default: 5 minutes, as Stripe's. */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `X-Shotcaller-Signature` value for `body` (the exact bytes sent) signed at `now`. */
export function signWebhookBody(secret: string, body: string | Uint8Array, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type WebhookSignatureCheck =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'malformed' | 'outside_tolerance' | 'mismatch' };

/**
 * For receivers: whether `header` (the X-Shotcaller-Signature value) signs `body` with `secret`, made within
 * `toleranceSeconds` of `now` (either side, for clock skew). `body` must be the raw request body as received,
 * before any JSON parsing. Several `v1=` entries are allowed (any one matching is enough); unknown keys are
 * ignored. Compares in constant time. A receiver should also drop an `X-Shotcaller-Delivery` it has already seen:
 * a retried delivery is signed again, with a new time.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string | Uint8Array,
  now: Date,
  toleranceSeconds: number = WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
): WebhookSignatureCheck {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (value === undefined || rest.length > 0) return { valid: false, reason: 'malformed' };
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return { valid: false, reason: 'malformed' };
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return { valid: false, reason: 'malformed' };
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0) return { valid: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) {
    return { valid: false, reason: 'outside_tolerance' };
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Every candidate is compared, so the time taken does not tell which one matched.
  const matched = signatures.reduce(
    (found, signature) => timingSafeEqual(signature, expected) || found,
    false,
  );
  return matched ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
}
