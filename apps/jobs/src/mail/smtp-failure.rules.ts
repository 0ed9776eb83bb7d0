import { JobFailure } from '../queues/job-failure.js';

/** What a failed send tells about itself: nodemailer's code and the server's reply code, nothing else. */
export interface SmtpErrorFacts {
  code?: string;
  responseCode?: number;
}

/** nodemailer codes for a connection that failed or broke: another attempt may well get through. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EPROXY']);

/** The parts of an error worth acting on and logging (never its message: it may quote an address). */
export function smtpErrorFacts(error: unknown): SmtpErrorFacts {
  if (typeof error !== 'object' || error === null) return {};
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
  };
}

/**
 * Whether a retry could help, by RFC 5321's reply classes: a 5xx reply refuses the message for good, a 4xx one
 * asks to come back later, and so does a connection that failed or broke. 503 ("bad sequence of commands") is
 * the exception among 5xx: it says the session was confused, not that the message was refused. The message
 * never quotes the server's reply, which may name the recipient.
 */
export function smtpFailure(error: unknown): JobFailure {
  const { code, responseCode } = smtpErrorFacts(error);
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600 && responseCode !== 503) {
    if (code === 'EAUTH') {
      return JobFailure.permanent(
        'mail_auth_refused',
        `The mail server refused the configured credentials (${responseCode})`,
      );
    }
    return JobFailure.permanent('mail_rejected', `The mail server refused the message (${responseCode})`);
  }
  if (responseCode !== undefined && responseCode >= 400) {
    return JobFailure.transient(
      'mail_deferred',
      `The mail server deferred the message (${responseCode}); it is tried again`,
    );
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return JobFailure.transient(
      'mail_server_unreachable',
      'The mail server could not be reached; the mail is tried again',
    );
  }
  return JobFailure.transient('mail_send_failed', 'The mail could not be sent; it is tried again');
}
