import type { CreateCampaignInput } from '@shotcaller/contracts';
import { writableCampaignFields } from './campaign-input.js';

describe('writable campaign fields', () => {
  it('keeps the writable fields and drops the read-only ones a client round-trips', () => {
    const input = {
      name: 'Hong Kong Nights',
      description: 'A heist',
      id: '',
      entity_class: 'Campaign',
      gamemaster: { id: 'x' },
      players: [],
      created_at: '2026-01-01',
    } as CreateCampaignInput;
    expect(writableCampaignFields(input)).toEqual({ name: 'Hong Kong Nights', description: 'A heist' });
  });

  it('reads the older player_ids as user_ids, preferring user_ids when both are sent', () => {
    expect(writableCampaignFields({ name: 'A', player_ids: ['p'] })).toEqual({
      name: 'A',
      user_ids: ['p'],
    });
    expect(writableCampaignFields({ name: 'A', user_ids: ['u'], player_ids: ['p'] })).toEqual({
      name: 'A',
      user_ids: ['u'],
    });
  });

  it('keeps the Discord webhook URL (null clears it) and drops the discord_webhook view sent back', () => {
    const url = 'https://discord.com/api/webhooks/1/token';
    const roundTripped = {
      name: 'A',
      discord_webhook_url: url,
      discord_webhook: { configured: true, id: '1' },
    };
    expect(writableCampaignFields(roundTripped)).toEqual({ name: 'A', discord_webhook_url: url });
    expect(writableCampaignFields({ name: 'A', discord_webhook_url: null })).toEqual({
      name: 'A',
      discord_webhook_url: null,
    });
  });

  it('keeps an explicit null description, which clears it', () => {
    expect(writableCampaignFields({ name: 'A', description: null })).toEqual({
      name: 'A',
      description: null,
    });
  });

  it('keeps the Notion fields (null disconnects) and drops the notion view sent back', () => {
    const roundTripped = {
      name: 'A',
      notion_database_id: '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b',
      notion_token: 'ntn_0123456789abcdefghij',
      notion: { database_id: '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b', connected_at: '2026-12-02T08:00:00.000Z' },
    };
    expect(writableCampaignFields(roundTripped)).toEqual({
      name: 'A',
      notion_database_id: '8a6f0c2e4b1d4e0f9a3b5c7d9e1f2a3b',
      notion_token: 'ntn_0123456789abcdefghij',
    });
    expect(writableCampaignFields({ name: 'A', notion_token: null })).toEqual({
      name: 'A',
      notion_token: null,
    });
  });
});
