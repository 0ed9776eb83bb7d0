import { generateSigningKeyPair } from '@shotcaller/auth';
import { loadLocationConfig } from './config.js';

describe('realtime-location configuration', () => {
  const JWT_PUBLIC_KEY = generateSigningKeyPair().publicKeyPem;

  it('lets participant tokens outlive their session by five minutes by default (five default sweeps)', () => {
    expect(loadLocationConfig({ JWT_PUBLIC_KEY }).LOCATION_TOKEN_GRACE_SECONDS).toBe(300);
  });

  it.each([
    [{ LOCATION_TOKEN_GRACE_SECONDS: '59' }],
    [{ LOCATION_TOKEN_GRACE_SECONDS: '86401' }],
    // The service's own sweep must come round twice within the grace.
    [{ LOCATION_SWEEP_INTERVAL_MS: '600000', LOCATION_TOKEN_GRACE_SECONDS: '1199' }],
    [{ LOCATION_SWEEP_INTERVAL_MS: '200000' }],
  ])('refuses a grace too short for the sweep or out of range (%j), naming it', (env) => {
    expect(() => loadLocationConfig({ JWT_PUBLIC_KEY, ...env })).toThrow(/LOCATION_TOKEN_GRACE_SECONDS/);
  });

  it('takes a grace of at least twice the service’s own sweep interval', () => {
    const config = loadLocationConfig({
      JWT_PUBLIC_KEY,
      LOCATION_SWEEP_INTERVAL_MS: '600000',
      LOCATION_TOKEN_GRACE_SECONDS: '1200',
    });
    expect(config.LOCATION_TOKEN_GRACE_SECONDS).toBe(1200);
    expect(loadLocationConfig({ JWT_PUBLIC_KEY, LOCATION_SWEEP_INTERVAL_MS: '150000' })).toBeDefined();
  });
});
