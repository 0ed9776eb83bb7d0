import { ServiceError } from '@shotcaller/contracts';
import { notionConnectionChange, toNotionConnectionView } from './campaign-notion.js';

const DATABASE = '8A6F0C2E-4B1D-4E0F-9A3B-5C7D9E1F2A3B';
const STORED = '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b';
const OTHER = '1b2c3d4e5f60718293a4b5c6d7e8f901';
const TOKEN = 'ntn_0123456789abcdefghijklmnopqrstuvwxyz';

function refusal(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return error.details?.errors as Record<string, string[]>;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('notionConnectionChange', () => {
  it('keeps the integration when neither field is sent', () => {
    expect(notionConnectionChange(null, {})).toEqual({ action: 'keep' });
    expect(notionConnectionChange(STORED, {})).toEqual({ action: 'keep' });
  });

  it('connects with both fields, storing the database id without dashes, lower case', () => {
    expect(notionConnectionChange(null, { notion_database_id: DATABASE, notion_token: TOKEN })).toEqual({
      action: 'connect',
      databaseId: STORED,
      token: TOKEN,
    });
  });

  it('needs both to connect a campaign that is not connected', () => {
    expect(refusal(() => notionConnectionChange(null, { notion_database_id: DATABASE }))).toEqual({
      notion_token: ['is required to connect Notion'],
    });
    expect(refusal(() => notionConnectionChange(null, { notion_token: TOKEN }))).toEqual({
      notion_database_id: ['is required to connect Notion'],
    });
  });

  it('lets a connected campaign change its database or its token alone', () => {
    expect(notionConnectionChange(STORED, { notion_database_id: OTHER })).toEqual({
      action: 'connect',
      databaseId: OTHER,
      token: null,
    });
    expect(notionConnectionChange(STORED, { notion_token: TOKEN })).toEqual({
      action: 'connect',
      databaseId: STORED,
      token: TOKEN,
    });
  });

  it('disconnects when either is null, and refuses a value beside the null', () => {
    expect(notionConnectionChange(STORED, { notion_database_id: null })).toEqual({ action: 'disconnect' });
    expect(notionConnectionChange(STORED, { notion_token: null })).toEqual({ action: 'disconnect' });
    expect(notionConnectionChange(null, { notion_database_id: null, notion_token: null })).toEqual({
      action: 'disconnect',
    });
    expect(
      refusal(() => notionConnectionChange(STORED, { notion_database_id: null, notion_token: TOKEN })),
    ).toEqual({
      notion_token: ['must be null too to disconnect Notion'],
    });
    expect(
      refusal(() => notionConnectionChange(STORED, { notion_database_id: OTHER, notion_token: null })),
    ).toEqual({
      notion_database_id: ['must be null too to disconnect Notion'],
    });
  });
});

describe('toNotionConnectionView', () => {
  it('shows the database and when it was connected, or null when not connected', () => {
    const at = new Date('2026-12-02T08:00:00.000Z');
    expect(toNotionConnectionView(STORED, at)).toEqual({
      database_id: STORED,
      connected_at: '2026-12-02T08:00:00.000Z',
    });
    expect(toNotionConnectionView(STORED, '2026-12-02T08:00:00.000Z')).toEqual({
      database_id: STORED,
      connected_at: '2026-12-02T08:00:00.000Z',
    });
    expect(toNotionConnectionView(null, null)).toBeNull();
  });
});
