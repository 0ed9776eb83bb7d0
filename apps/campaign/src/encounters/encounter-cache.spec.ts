import { EncounterCache } from './encounter-cache.js';

const CAMPAIGN = 'campaign-1';
const OTHER = 'campaign-2';

function cacheAt(limits: Partial<{ maxFights: number; maxAgeMs: number }> = {}) {
  const clock = { now: 1_000 };
  const cache = new EncounterCache({ maxFights: 10, maxAgeMs: 5_000, ...limits }, () => clock.now);
  cache.setListening(true);
  return { cache, clock };
}

/** One whole read of `fightId`: ticket, keep, finish. */
function read(cache: EncounterCache, fightId: string, json: string, campaignId = CAMPAIGN) {
  const ticket = cache.startRead();
  cache.keep(ticket, fightId, { campaignId, json, tag: 't' });
  cache.finishRead();
}

describe('EncounterCache', () => {
  it('answers a kept encounter until its campaign announces a change', () => {
    const { cache } = cacheAt();
    read(cache, 'f1', '{"a":1}');
    read(cache, 'f2', '{"b":1}', OTHER);
    expect(cache.get('f1')).toEqual({ campaignId: CAMPAIGN, json: '{"a":1}', tag: 't', storedAt: 1_000 });

    cache.campaignChanged(CAMPAIGN);
    expect(cache.get('f1')).toBeUndefined();
    expect(cache.get('f2')?.json).toBe('{"b":1}');
  });

  it('does not keep a read that overlapped a change of its campaign', () => {
    const { cache } = cacheAt();
    const overlapped = cache.startRead();
    const unrelated = cache.startRead();
    cache.campaignChanged(CAMPAIGN);
    cache.keep(overlapped, 'f1', { campaignId: CAMPAIGN, json: 'old', tag: 't' });
    cache.keep(unrelated, 'f2', { campaignId: OTHER, json: 'fine', tag: 't' });
    cache.finishRead();
    cache.finishRead();
    expect(cache.get('f1')).toBeUndefined();
    expect(cache.get('f2')?.json).toBe('fine');

    // A read that starts after the change is kept.
    read(cache, 'f1', 'new');
    expect(cache.get('f1')?.json).toBe('new');
  });

  it('forgets an encounter past its age, however quiet its campaign', () => {
    const { cache, clock } = cacheAt({ maxAgeMs: 5_000 });
    read(cache, 'f1', 'x');
    clock.now += 5_000;
    expect(cache.get('f1')?.json).toBe('x');
    clock.now += 1;
    expect(cache.get('f1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps the most recently read when full', () => {
    const { cache } = cacheAt({ maxFights: 2 });
    read(cache, 'f1', '1');
    read(cache, 'f2', '2');
    cache.get('f1');
    read(cache, 'f3', '3');
    expect([cache.get('f1')?.json, cache.get('f2')?.json, cache.get('f3')?.json]).toEqual([
      '1',
      undefined,
      '3',
    ]);
    expect(cache.size).toBe(2);
  });

  it('keeps nothing while announcements cannot arrive, and drops everything when that changes', () => {
    const { cache } = cacheAt();
    read(cache, 'f1', 'x');
    cache.setListening(false);
    expect(cache.get('f1')).toBeUndefined();
    read(cache, 'f1', 'x');
    expect(cache.get('f1')).toBeUndefined();

    // A read started while deaf is not kept once hearing again (announcements were missed meanwhile).
    const started = cache.startRead();
    cache.setListening(true);
    cache.keep(started, 'f1', { campaignId: CAMPAIGN, json: 'maybe stale', tag: 't' });
    cache.finishRead();
    expect(cache.get('f1')).toBeUndefined();
  });

  it('keeps nothing when its size is 0', () => {
    const { cache } = cacheAt({ maxFights: 0 });
    read(cache, 'f1', 'x');
    expect(cache.get('f1')).toBeUndefined();
  });

  it('replaces the encounter of a fight read again', () => {
    const { cache } = cacheAt();
    read(cache, 'f1', 'first');
    read(cache, 'f1', 'second');
    expect(cache.get('f1')?.json).toBe('second');
    cache.campaignChanged(CAMPAIGN);
    expect(cache.size).toBe(0);
  });
});
