import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@shotcaller/observability';
import { loadJobsConfig } from '../config.js';

const base = { JWT_PUBLIC_KEY: 'test-key' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadJobsConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('AI provider configuration', () => {
  it('defaults to the local generator, the gpt-4o-mini model and a 30 s timeout', () => {
    expect(loadJobsConfig(base)).toMatchObject({
      AI_BASE_URL: '',
      AI_API_KEY: '',
      AI_MODEL: 'gpt-4o-mini',
      AI_TIMEOUT_MS: 30_000,
    });
  });

  it('reads a provider, its model and timeout, and the key from AI_API_KEY_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ai-key-')), 'key');
    writeFileSync(file, 'xai-secret-key\n');
    expect(
      loadJobsConfig({
        ...base,
        AI_BASE_URL: 'http://localhost:11434/v1',
        AI_MODEL: 'meta-llama/Llama-3.1-8B-Instruct',
        AI_TIMEOUT_MS: '5000',
        AI_API_KEY_FILE: file,
      }),
    ).toMatchObject({
      AI_BASE_URL: 'http://localhost:11434/v1',
      AI_MODEL: 'meta-llama/Llama-3.1-8B-Instruct',
      AI_TIMEOUT_MS: 5000,
      AI_API_KEY: 'xai-secret-key',
    });
  });

  it('names bad settings, never showing the key', () => {
    const problems = problemsOf({
      AI_BASE_URL: 'ftp://models.example',
      AI_MODEL: 'a model',
      AI_TIMEOUT_MS: '10',
      AI_API_KEY: 'sk-secret with spaces',
    });
    expect(problems).toContain('AI_BASE_URL must be an http:// or https:// URL, or empty');
    expect(problems).toContain('AI_MODEL must be a model name');
    expect(problems).toContain('AI_TIMEOUT_MS must not be less than 50 (got 10)');
    expect(problems).toContain('AI_API_KEY must be up to 4096 characters without spaces (got <hidden>)');
    expect(problems).not.toContain('sk-secret');
  });
});
