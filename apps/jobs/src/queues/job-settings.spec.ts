import { ConfigError } from '@shotcaller/observability';
import { concurrencyByQueue } from './job-settings.js';

describe('concurrency per queue', () => {
  it('gives every queue the default unless it is named', () => {
    const concurrency = concurrencyByQueue('mail=8,pdf=1', 2);
    expect(concurrency).toMatchObject({ mail: 8, pdf: 1, ai: 2, webhooks: 2, maintenance: 2 });
    expect(concurrencyByQueue('', 3).mail).toBe(3);
  });

  it('refuses a queue that does not exist and a count out of bounds', () => {
    expect(() => concurrencyByQueue('mial=2', 2)).toThrow(ConfigError);
    expect(() => concurrencyByQueue('mail=0', 2)).toThrow(/1 to 100/);
    expect(() => concurrencyByQueue('mail=101', 2)).toThrow(/1 to 100/);
  });
});
