import {
  lastNotionSyncFrom,
  notionSyncPlan,
  sameNotionId,
  type LastNotionSync,
} from './notion-sync.rules.js';

const DATABASE = '8a6f0c2e-4b1d-4e0f-9a3b-5c7d9e1f2a3b';
const PAGE = '11111111-2222-4333-8444-555555555555';
const last: LastNotionSync = {
  database_id: DATABASE,
  page_id: PAGE,
  updated_at: '2026-12-01T10:00:00.000Z',
  synced_at: '2026-12-01T10:00:05.000Z',
};
const job = (changes: Partial<{ database_id: string; page_id: string | null; updated_at: string }> = {}) => ({
  database_id: DATABASE,
  page_id: null,
  updated_at: '2026-12-01T11:00:00.000Z',
  ...changes,
});

describe('notionSyncPlan', () => {
  it('creates a page when neither the job nor a last sync knows one', () => {
    expect(notionSyncPlan(job(), null)).toEqual({ action: 'create' });
  });

  it('updates the page the job names', () => {
    expect(notionSyncPlan(job({ page_id: 'abc' }), null)).toEqual({ action: 'update', pageId: 'abc' });
    expect(notionSyncPlan(job({ page_id: 'abc' }), last)).toEqual({ action: 'update', pageId: 'abc' });
  });

  it('updates the page the last sync created when the job names none (no second page)', () => {
    expect(notionSyncPlan(job(), last)).toEqual({ action: 'update', pageId: PAGE });
  });

  it('skips a job older than the last sync, which it must not overwrite', () => {
    expect(notionSyncPlan(job({ updated_at: '2026-12-01T09:59:59.999Z', page_id: PAGE }), last)).toEqual({
      action: 'skip_stale',
      last,
    });
  });

  it('writes again a job as new as the last sync (a retry, a repeat)', () => {
    expect(notionSyncPlan(job({ updated_at: last.updated_at }), last)).toEqual({
      action: 'update',
      pageId: PAGE,
    });
  });

  it('compares times, not texts', () => {
    expect(notionSyncPlan(job({ updated_at: '2026-12-01T11:00:00+02:00' }), last).action).toBe('skip_stale');
  });

  it('ignores a last sync into another database: the campaign switched databases', () => {
    const other = { ...last, database_id: '00000000-0000-4000-8000-000000000000' };
    expect(notionSyncPlan(job({ updated_at: '2020-01-01T00:00:00Z' }), other)).toEqual({ action: 'create' });
  });

  it('takes a database id with or without dashes as the same', () => {
    expect(sameNotionId(DATABASE, DATABASE.replaceAll('-', '').toUpperCase())).toBe(true);
    expect(notionSyncPlan(job({ database_id: DATABASE.replaceAll('-', '') }), last)).toEqual({
      action: 'update',
      pageId: PAGE,
    });
  });
});

describe('lastNotionSyncFrom', () => {
  it('reads a whole record back, and nothing from an empty or partial one', () => {
    expect(lastNotionSyncFrom({ ...last })).toEqual(last);
    expect(lastNotionSyncFrom({})).toBeNull();
    expect(lastNotionSyncFrom({ ...last, page_id: '' })).toBeNull();
    expect(lastNotionSyncFrom({ ...last, updated_at: 'yesterday' })).toBeNull();
  });
});
