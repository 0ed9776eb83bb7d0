import { smtpFailure } from './smtp-failure.rules.js';
import { SMTP_TIMEOUTS_MS, smtpTransportOptions } from './smtp-settings.js';

const smtpError = (code: string, responseCode?: number) =>
  Object.assign(new Error('550 5.1.1 <someone@example.com>: no such user'), { code, responseCode });

describe('smtpTransportOptions', () => {
  it('connects in plain text to smtp:// (port 587 unless given), pooled, with bounded waits', () => {
    expect(smtpTransportOptions('smtp://127.0.0.1:1025')).toMatchObject({
      pool: true,
      host: '127.0.0.1',
      port: 1025,
      secure: false,
      connectionTimeout: SMTP_TIMEOUTS_MS.connection,
      greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
      socketTimeout: SMTP_TIMEOUTS_MS.socket,
      logger: false,
    });
    expect(smtpTransportOptions('smtp://mail.example.com').port).toBe(587);
    expect(smtpTransportOptions('smtp://mail.example.com').auth).toBeUndefined();
  });

  it('connects with TLS to smtps:// (port 465 unless given)', () => {
    expect(smtpTransportOptions('smtps://mail.example.com')).toMatchObject({ secure: true, port: 465 });
    expect(smtpTransportOptions('smtps://mail.example.com:2465')).toMatchObject({ secure: true, port: 2465 });
  });

  it('signs in with the percent-decoded user and password, and reads a value with a trailing newline', () => {
    expect(smtpTransportOptions('smtp://mailer%40example.com:p%40ss%3Aword@[::1]:25\n')).toMatchObject({
      host: '::1',
      port: 25,
      auth: { user: 'mailer@example.com', pass: 'p@ss:word' },
    });
  });

  it('refuses other schemes', () => {
    expect(() => smtpTransportOptions('http://mail.example.com')).toThrow(/smtp/);
  });
});

describe('smtpFailure', () => {
  it('makes a 5xx reply permanent, without quoting the reply', () => {
    const failure = smtpFailure(smtpError('EENVELOPE', 550));
    expect(failure).toMatchObject({ code: 'mail_rejected', retry: false });
    expect(failure.message).toBe('The mail server refused the message (550)');
    expect(smtpFailure(smtpError('EMESSAGE', 554))).toMatchObject({ code: 'mail_rejected', retry: false });
  });

  it('makes refused credentials permanent', () => {
    expect(smtpFailure(smtpError('EAUTH', 535))).toMatchObject({ code: 'mail_auth_refused', retry: false });
  });

  it('makes a 4xx reply, and 503 (a confused session), transient', () => {
    expect(smtpFailure(smtpError('EENVELOPE', 451))).toMatchObject({ code: 'mail_deferred', retry: true });
    expect(smtpFailure(smtpError('ECONNECTION', 421))).toMatchObject({ code: 'mail_deferred', retry: true });
    expect(smtpFailure(smtpError('EPROTOCOL', 503))).toMatchObject({ code: 'mail_deferred', retry: true });
  });

  it('makes connection failures transient', () => {
    for (const code of ['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS']) {
      expect(smtpFailure(smtpError(code))).toMatchObject({ code: 'mail_server_unreachable', retry: true });
    }
  });

  it('retries anything else, with a message that says nothing of the error', () => {
    expect(smtpFailure(new Error('to someone@example.com'))).toMatchObject({
      code: 'mail_send_failed',
      retry: true,
      message: 'The mail could not be sent; it is tried again',
    });
    expect(smtpFailure('not an error')).toMatchObject({ code: 'mail_send_failed', retry: true });
  });
});
