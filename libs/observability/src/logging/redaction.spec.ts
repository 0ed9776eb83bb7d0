import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACTED_PATHS } from './logging.module.js';

describe('log redaction', () => {
  it('blanks tokens, cookies and passwords wherever they appear', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      req: {
        headers: { authorization: 'Bearer secret-token', cookie: 'session=abc', 'x-actor': '{"id":"u"}' },
      },
      res: { headers: { authorization: 'Bearer fresh-token' } },
      body: { email: 'gm@example.com', password: 'hunter22', password_confirmation: 'hunter22' },
      session: { token: 'raw-token' },
    });
    const line = lines.join('');
    for (const secret of [
      'secret-token',
      'session=abc',
      'fresh-token',
      'hunter22',
      'raw-token',
      '"id":"u"',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('gm@example.com');
  });
});
