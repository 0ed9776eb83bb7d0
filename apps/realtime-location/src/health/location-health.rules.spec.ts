import { detailedHealth } from './location-health.rules.js';

describe('detailedHealth', () => {
  it('gives each dependency its status and latency', () => {
    const at = new Date('2026-12-02T10:00:00Z');
    expect(
      detailedHealth(
        {
          status: 'error',
          details: {
            postgres: { status: 'up', rtt_ms: 1.2 },
            redis: { status: 'down', message: 'timeout' },
          },
        },
        at,
      ),
    ).toEqual({
      status: 'error',
      service: 'realtime-location',
      checked_at: '2026-12-02T10:00:00.000Z',
      dependencies: {
        postgres: { status: 'up', latency_ms: 1.2 },
        redis: { status: 'down', latency_ms: null, message: 'timeout' },
      },
    });
  });
});
