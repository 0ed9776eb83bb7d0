import { dashboardRequestAllowed } from './dashboard-actions.rules.js';

describe('what the queue dashboard may do', () => {
  it('reads anything', () => {
    expect(dashboardRequestAllowed('GET', '/')).toBe(true);
    expect(dashboardRequestAllowed('GET', '/api/queues')).toBe(true);
    expect(dashboardRequestAllowed('GET', '/api/queues/mail/17')).toBe(true);
  });

  it.each([
    '/api/queues/mail/17/retry',
    '/api/queues/mail/17/clean',
    '/api/queues/mail/17/promote',
    '/api/queues/mail/retry/failed',
    '/api/queues/mail/clean/completed',
    '/api/queues/mail/promote',
    '/api/queues/mail/pause',
    '/api/queues/resume',
  ])('retries, removes, promotes and pauses: PUT %s', (path) => {
    expect(dashboardRequestAllowed('PUT', path)).toBe(true);
  });

  it.each([
    ['POST', '/api/queues/mail/add'],
    ['PUT', '/api/queues/mail/17/update-data'],
    ['PUT', '/api/queues/mail/17/delay'],
    ['PUT', '/api/queues/mail/17/priority'],
    ['PUT', '/api/queues/mail/empty'],
    ['DELETE', '/api/queues/mail/obliterate'],
    ['PUT', '/api/queues/mail/concurrency'],
    ['PUT', '/api/queues/mail/rate-limit'],
    ['PUT', '/api/queues/maintenance/job-schedulers/location_sweep'],
    ['POST', '/api/metrics/history/purge'],
    ['PUT', '/api/queues/mail/17/retry/extra'],
  ])('refuses %s %s', (method, path) => {
    expect(dashboardRequestAllowed(method, path)).toBe(false);
  });
});
