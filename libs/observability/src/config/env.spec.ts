import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeEnv, loadEnv, resolveFileVariables, ServiceEnv } from './env.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loading configuration from the environment', () => {
  it('fills in defaults and converts types', () => {
    const settings = loadEnv(ServiceEnv, { PORT: '8080', NATS_URL: 'nats://a:4222,nats://b:4222' });
    expect(settings).toMatchObject({
      PORT: 8080,
      NATS_URL: 'nats://a:4222,nats://b:4222',
      NATS_REQUEST_TIMEOUT_MS: 5000,
      LOG_LEVEL: 'info',
    });
  });

  it('names every bad variable with what was wrong and what it got', () => {
    const problems = problemsOf(() =>
      loadEnv(ServiceEnv, {
        PORT: 'eighty',
        NATS_URL: 'http://nats:4222',
        LOG_LEVEL: 'loud',
        NATS_SUBJECT_PREFIX: 'has spaces',
      }),
    );
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT .*integer.*\(got "eighty"\)/);
    expect(problems.join('\n')).toMatch(
      /NATS_URL must be a comma-separated list of nats\|tls:\/\/ URLs \(got "http:\/\/nats:4222"\)/,
    );
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/NATS_SUBJECT_PREFIX/);
  });

  it('never shows the password of a URL it refuses', () => {
    const [problem] = problemsOf(() => loadEnv(ServiceEnv, { NATS_URL: 'http://bus:s3cr3t@nats:4222' }));
    expect(problem).toContain('(got "http://bus:<hidden>@nats:4222")');
    expect(problem).not.toContain('s3cr3t');
  });

  it('treats empty values as unset', () => {
    expect(loadEnv(ServiceEnv, { PORT: '' }).PORT).toBe(3000);
  });

  it('reads NAME_FILE for secrets, and refuses both forms at once or an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, 'key.pem'), 'PEM CONTENT');
    expect(resolveFileVariables({ JWT_KEY_FILE: join(dir, 'key.pem') }, ['JWT_KEY']).JWT_KEY).toBe(
      'PEM CONTENT',
    );
    expect(problemsOf(() => resolveFileVariables({ JWT_KEY: 'x', JWT_KEY_FILE: 'y' }, ['JWT_KEY']))).toEqual([
      'JWT_KEY and JWT_KEY_FILE are both set; set one',
    ]);
    expect(
      problemsOf(() => resolveFileVariables({ JWT_KEY_FILE: join(dir, 'missing') }, ['JWT_KEY']))[0],
    ).toMatch(/JWT_KEY_FILE: cannot read .*missing \(ENOENT\)/);
  });

  it('lists the variables of a schema with their defaults', () => {
    const variables = describeEnv(ServiceEnv);
    expect(variables).toContainEqual({ name: 'NATS_REQUEST_TIMEOUT_MS', defaultValue: '5000' });
    expect(variables.map((variable) => variable.name)).toContain('NATS_SUBJECT_PREFIX');
  });
});
