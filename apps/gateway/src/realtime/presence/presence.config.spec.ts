import { ConfigError } from '@shotcaller/observability';
import { loadGatewayConfig } from '../../config.js';
import { presenceOptions } from './presence.providers.js';
import { worstCaseExpiryMs } from './presence.rules.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem', ...env });
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
};

describe('presence configuration', () => {
  it('defaults to timings that remove a crashed replica’s members within 30 s', () => {
    const options = presenceOptions(loadGatewayConfig({ JWT_PUBLIC_KEY: 'pem' }));
    expect(options).toEqual({
      heartbeatIntervalMs: 5000,
      ttlMs: 15_000,
      sweepIntervalMs: 2000,
      maxEntriesPerTopic: 1000,
      maxMetasPerKey: 10,
    });
    expect(worstCaseExpiryMs(options)).toBeLessThanOrEqual(30_000);
  });

  it('refuses each variable out of its bounds, naming it', () => {
    const problems = problemsOf({
      PRESENCE_HEARTBEAT_INTERVAL_MS: '100',
      PRESENCE_TTL_MS: '60000',
      PRESENCE_SWEEP_INTERVAL_MS: 'often',
      PRESENCE_MAX_ENTRIES_PER_TOPIC: '0',
      PRESENCE_MAX_METAS_PER_KEY: '1000',
    });
    for (const name of [
      'PRESENCE_HEARTBEAT_INTERVAL_MS',
      'PRESENCE_TTL_MS',
      'PRESENCE_SWEEP_INTERVAL_MS',
      'PRESENCE_MAX_ENTRIES_PER_TOPIC',
      'PRESENCE_MAX_METAS_PER_KEY',
    ]) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it('refuses a TTL shorter than two heartbeats, each within its own bounds', () => {
    expect(problemsOf({ PRESENCE_HEARTBEAT_INTERVAL_MS: '10000', PRESENCE_TTL_MS: '15000' })).toEqual([
      expect.stringContaining(
        'PRESENCE_TTL_MS (15000) must be at least twice PRESENCE_HEARTBEAT_INTERVAL_MS',
      ),
    ]);
  });

  it('accepts at most a TTL and sweep interval that add up to 30 s', () => {
    expect(problemsOf({ PRESENCE_TTL_MS: '25000', PRESENCE_SWEEP_INTERVAL_MS: '5000' })).toEqual([]);
    expect(problemsOf({ PRESENCE_TTL_MS: '25001' })).toEqual([expect.stringMatching(/^PRESENCE_TTL_MS /)]);
    expect(problemsOf({ PRESENCE_SWEEP_INTERVAL_MS: '5001' })).toEqual([
      expect.stringMatching(/^PRESENCE_SWEEP_INTERVAL_MS /),
    ]);
  });
});
