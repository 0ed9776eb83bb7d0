import { membershipEndOf } from './membership-ends.js';
import { followsCampaign } from './topic-access.rules.js';

const CAMPAIGN = '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b';
const USER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const FIGHT = '11111111-2222-4333-8444-555555555555';

describe('membershipEndOf', () => {
  it('reads the event, ids lowercased', () => {
    expect(membershipEndOf({ campaign_id: CAMPAIGN.toUpperCase(), user_id: USER })).toEqual({
      campaignId: CAMPAIGN,
      userId: USER,
    });
  });

  it('refuses anything else', () => {
    for (const event of [
      null,
      'x',
      [],
      {},
      { campaign_id: CAMPAIGN },
      { campaign_id: CAMPAIGN, user_id: 'me' },
      { campaign_id: `${CAMPAIGN}.>`, user_id: USER },
      { campaign_id: 42, user_id: USER },
    ]) {
      expect({ event, read: membershipEndOf(event) }).toEqual({ event, read: null });
    }
  });
});

describe('followsCampaign', () => {
  it('is the campaign topic itself, and fights whose authorization named the campaign', () => {
    expect(followsCampaign({ kind: 'campaign', id: CAMPAIGN }, undefined, CAMPAIGN)).toBe(true);
    expect(followsCampaign({ kind: 'campaign', id: FIGHT }, undefined, CAMPAIGN)).toBe(false);
    expect(
      followsCampaign({ kind: 'fight', id: FIGHT }, { state: { campaign_id: CAMPAIGN } }, CAMPAIGN),
    ).toBe(true);
    expect(followsCampaign({ kind: 'fight', id: FIGHT }, { state: { campaign_id: FIGHT } }, CAMPAIGN)).toBe(
      false,
    );
    expect(followsCampaign({ kind: 'fight', id: FIGHT }, undefined, CAMPAIGN)).toBe(false);
    expect(followsCampaign({ kind: 'user', id: USER }, undefined, CAMPAIGN)).toBe(false);
  });
});
