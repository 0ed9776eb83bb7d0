import { notionPageLockKey, notionSyncJob, notionSyncOutcomeOf } from './character-notion.rules.js';

const CAMPAIGN = {
  id: '3f0c8d2a-7b1e-4c5d-9a6f-2e4b8c1d0a9e',
  notionDatabaseId: '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b',
  notionTokenSealed: 'v1.sealed',
};
const CHARACTER_ID = '0b8e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4';
const CHARACTER = {
  id: CHARACTER_ID,
  name: 'Johnny Tso',
  isTemplate: false,
  actionValues: { Type: 'Featured Foe', Guns: 14 },
  description: { Background: 'A hitman.', Appearance: '' },
  notionPageId: null,
  updatedAt: new Date('2026-12-02T08:00:00.123Z'),
};

describe('notionSyncJob', () => {
  it("carries the character's synced fields, its campaign's database and sealed token, under an id of its version", () => {
    expect(notionSyncJob(CAMPAIGN, CHARACTER)).toEqual({
      jobId: `notion-${CHARACTER_ID}-${Date.parse('2026-12-02T08:00:00.123Z')}`,
      data: {
        campaign_id: CAMPAIGN.id,
        character_id: CHARACTER_ID,
        database_id: CAMPAIGN.notionDatabaseId,
        sealed_token: 'v1.sealed',
        page_id: null,
        character: {
          name: 'Johnny Tso',
          type: 'Featured Foe',
          action_values: { Type: 'Featured Foe', Guns: 14 },
          description: 'Background: A hitman.',
        },
        updated_at: '2026-12-02T08:00:00.123Z',
      },
    });
  });

  it('names the page the character keeps, and no type when its Type is not one of the game', () => {
    const job = notionSyncJob(CAMPAIGN, {
      ...CHARACTER,
      notionPageId: 'ffffffffffffffffffffffffffffffff',
      actionValues: { Type: 'Wizard' },
    });
    expect(job?.data).toMatchObject({
      page_id: 'ffffffffffffffffffffffffffffffff',
      character: { type: null },
    });
  });

  it('is nothing for a campaign without Notion, or for a template', () => {
    expect(
      notionSyncJob({ id: CAMPAIGN.id, notionDatabaseId: null, notionTokenSealed: null }, CHARACTER),
    ).toBeNull();
    expect(notionSyncJob(CAMPAIGN, { ...CHARACTER, isTemplate: true })).toBeNull();
  });
});

describe('notionSyncOutcomeOf', () => {
  const completed = {
    event: 'jobs.job.completed',
    job_id: `notion-${CHARACTER_ID}-1`,
    queue: 'notion',
    name: 'sync_character',
    user_id: null,
    result: {
      campaign_id: CAMPAIGN.id,
      character_id: CHARACTER_ID,
      database_id: CAMPAIGN.notionDatabaseId,
      page_id: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
      synced_at: '2026-12-02T08:00:01.000Z',
      outcome: 'updated',
    },
  };

  it('reads a completed sync as the page to keep, its id without dashes', () => {
    expect(notionSyncOutcomeOf(completed)).toEqual({
      kind: 'synced',
      campaignId: CAMPAIGN.id,
      characterId: CHARACTER_ID,
      databaseId: CAMPAIGN.notionDatabaseId,
      pageId: 'aaaaaaaabbbb4ccc8dddeeeeeeeeeeee',
      syncedAt: new Date('2026-12-02T08:00:01.000Z'),
    });
  });

  it('reads a failure for a missing page as the page to forget, the character named by the job id', () => {
    const failed = {
      event: 'jobs.job.failed',
      job_id: `notion-${CHARACTER_ID}-1764662400123`,
      queue: 'notion',
      name: 'sync_character',
      user_id: null,
      attempts_made: 1,
      error: { code: 'notion_not_found', message: 'gone' },
    };
    expect(notionSyncOutcomeOf(failed)).toEqual({ kind: 'page_gone', characterId: CHARACTER_ID });
    expect(
      notionSyncOutcomeOf({ ...failed, error: { code: 'notion_rate_limited', message: 'later' } }),
    ).toBeNull();
    expect(notionSyncOutcomeOf({ ...failed, job_id: 'notion-not-a-character' })).toBeNull();
  });

  it.each([
    ['another queue', { ...completed, queue: 'mail' }],
    ['another job', { ...completed, name: 'send_mail' }],
    ['no result', { ...completed, result: null }],
    ['a stale sync without a page', { ...completed, result: { ...completed.result, page_id: null } }],
    ['a page id that is not one', { ...completed, result: { ...completed.result, page_id: "x' or 1=1" } }],
    ['a character id that is not one', { ...completed, result: { ...completed.result, character_id: 'x' } }],
    ['no database', { ...completed, result: { ...completed.result, database_id: undefined } }],
    ['an unreadable date', { ...completed, result: { ...completed.result, synced_at: 'yesterday' } }],
    ['not an object', 'jobs.job.completed'],
    ['another event', { ...completed, event: 'jobs.job.started' }],
  ])('ignores %s', (_case, event) => {
    expect(notionSyncOutcomeOf(event)).toBeNull();
  });
});

describe('notionPageLockKey', () => {
  it('is one per character', () => {
    expect(notionPageLockKey(CHARACTER_ID)).toBe(notionPageLockKey(CHARACTER_ID));
    expect(notionPageLockKey(CHARACTER_ID)).not.toBe(notionPageLockKey(CAMPAIGN.id));
  });
});
