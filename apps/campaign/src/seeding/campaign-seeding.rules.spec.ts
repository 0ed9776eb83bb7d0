import { CAMPAIGN_SEEDING_KINDS } from '@shotcaller/contracts';
import {
  noCopies,
  seedingEvent,
  seedingLockKey,
  seedingSteps,
  seedsOnCreate,
  statusAfter,
} from './campaign-seeding.rules.js';

describe('seeding steps', () => {
  it('copies each kind after the kinds its records link to', () => {
    const steps = seedingSteps(true);
    const before = (first: string, then: string) =>
      steps.indexOf(first as never) < steps.indexOf(then as never);
    expect(new Set(steps)).toEqual(new Set(CAMPAIGN_SEEDING_KINDS));
    expect(before('factions', 'junctures')).toBe(true);
    for (const linked of ['factions', 'junctures', 'schticks', 'weapons']) {
      expect({ linked, first: before(linked, 'characters') }).toEqual({ linked, first: true });
    }
    expect(before('factions', 'vehicles') && before('junctures', 'vehicles')).toBe(true);
  });

  it('has nothing to do without a master template', () => {
    expect(seedingSteps(false)).toEqual([]);
  });
});

describe('seeding status', () => {
  it('is running until the last step, and done with it', () => {
    expect(statusAfter(0, 6)).toBe('running');
    expect(statusAfter(5, 6)).toBe('running');
    expect(statusAfter(6, 6)).toBe('done');
  });

  it('is done at once when there are no steps', () => {
    expect(statusAfter(0, 0)).toBe('done');
  });
});

describe('seeding on create', () => {
  it('queues a seeding for a campaign when seeding is by job', () => {
    expect(seedsOnCreate('job', false)).toBe(true);
  });

  it('never seeds the master template, nor anything with seeding off', () => {
    expect(seedsOnCreate('job', true)).toBe(false);
    expect(seedsOnCreate('off', false)).toBe(false);
    expect(seedsOnCreate('off', true)).toBe(false);
  });
});

describe('seeding announcements and counts', () => {
  it('says which campaign, where it stands and how far it got', () => {
    expect(seedingEvent('c1', 'running', 2, 6)).toEqual({
      campaign_seeding: { campaign_id: 'c1', status: 'running', done: 2, total: 6 },
    });
  });

  it('starts with nothing copied of any kind', () => {
    expect(noCopies()).toEqual({
      factions: 0,
      junctures: 0,
      schticks: 0,
      weapons: 0,
      characters: 0,
      vehicles: 0,
    });
  });

  it('locks per campaign', () => {
    expect(seedingLockKey('a')).not.toEqual(seedingLockKey('b'));
    expect(seedingLockKey('a')).toEqual(seedingLockKey('a'));
  });
});
