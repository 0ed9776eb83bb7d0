import { Writable } from 'node:stream';
import { pino } from 'pino';
import { safeLogOptions } from './log-safety.js';

function capture(): { sink: Writable; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { sink, text: () => chunks.join('') };
}

describe('log redaction', () => {
  it('blanks request and response headers that carry credentials or digests of what was answered', () => {
    const { sink, text } = capture();
    pino(safeLogOptions(), sink).info({
      req: {
        headers: {
          authorization: 'Bearer secret-token',
          cookie: 'session=abc',
          'x-actor-token': 'forwarded-credential',
          'if-none-match': '"held-digest"',
        },
      },
      res: {
        headers: {
          authorization: 'Bearer fresh-token',
          'set-cookie': 'session=def',
          etag: '"answer-digest"',
        },
      },
    });
    for (const secret of [
      'held-digest',
      'answer-digest',
      'secret-token',
      'session=abc',
      'forwarded-credential',
      'fresh-token',
      'session=def',
    ]) {
      expect(text()).not.toContain(secret);
    }
  });

  it('blanks secrets at any depth, in any case, in arrays and through cycles, and keeps the rest', () => {
    const { sink, text } = capture();
    const logger = pino(safeLogOptions(), sink);
    const loop: Record<string, unknown> = { name: 'loop', Password: 'loop-password' };
    loop.self = loop;
    const shared = { note: 'seen twice' };
    const secrets = {
      body: {
        user: {
          email: 'gm@example.com',
          password: 'hunter22',
          password_confirmation: 'hunter23',
          current_password: 'hunter24',
          profile: { passwordHash: 'hash-one', password_hash: 'hash-two' },
        },
      },
      sessions: [{ access_token: 'tok-1' }, { accessToken: 'tok-2', refresh: [{ TOKEN: 'tok-3' }] }],
      headers: { Authorization: 'Basic creds', Cookie: 'c=1', 'Set-Cookie': 'c=2', 'X-Actor': 'actor-1' },
      keys: { JWT_PRIVATE_KEY: 'pem-1', privateKey: 'pem-2', NATS_NKEY_SEED: 'SUAseed', clientSecret: 'cs' },
      stray: ['$argon2id$v=19$m=1,t=1,p=1$abc$def', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.sig'],
      loop,
      shared: [shared, shared],
      token_version: 3,
    };
    logger.info(secrets, 'signed in');

    const line = JSON.parse(text()) as Record<string, unknown>;
    for (const secret of [
      'hunter2',
      'hash-one',
      'hash-two',
      'tok-',
      'Basic creds',
      'c=1',
      'c=2',
      'actor-1',
      'pem-',
      'SUAseed',
      '"cs"',
      '$argon2',
      'eyJ',
      'loop-password',
    ]) {
      expect(text()).not.toContain(secret);
    }
    expect(line).toMatchObject({
      msg: 'signed in',
      body: {
        user: { email: 'gm@example.com', password: '[redacted]', profile: { passwordHash: '[redacted]' } },
      },
      sessions: [{ access_token: '[redacted]' }, { refresh: [{ TOKEN: '[redacted]' }] }],
      loop: { name: 'loop', self: '[circular]' },
      shared: [{ note: 'seen twice' }, { note: 'seen twice' }],
      token_version: 3,
    });
    // The caller's object is left as it was.
    expect(secrets.body.user.password).toBe('hunter22');
  });

  it('cuts values nested deeper than any log line needs', () => {
    const { sink, text } = capture();
    let deep: Record<string, unknown> = { password: 'too-deep-password' };
    for (let level = 0; level < 30; level += 1) deep = { level, next: deep };
    pino(safeLogOptions(), sink).info({ deep });
    expect(text()).toContain('[too deep]');
    expect(text()).not.toContain('too-deep-password');
  });
});
