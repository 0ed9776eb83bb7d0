import { ONBOARDING_MILESTONES } from '@shotcaller/contracts';
import { milestoneField, NO_ONBOARDING_TIMESTAMPS, onboardingProgressView } from './onboarding.rules.js';

const AT = '2026-12-01T10:00:00.000Z';
const reached = (...fields: string[]) => ({
  ...NO_ONBOARDING_TIMESTAMPS,
  ...Object.fromEntries(fields.map((field) => [field, AT])),
});
const ALL = ONBOARDING_MILESTONES.map(({ timestamp_field }) => timestamp_field);

describe('onboarding progress', () => {
  it('starts with the campaign to create', () => {
    expect(onboardingProgressView('u1', NO_ONBOARDING_TIMESTAMPS)).toMatchObject({
      id: 'u1',
      first_campaign_created_at: null,
      all_milestones_complete: false,
      onboarding_complete: false,
      ready_for_congratulations: false,
      next_milestone: { key: 'campaign', timestamp_field: 'first_campaign_created_at' },
    });
  });

  it('names the first milestone in the checklist’s order that is not reached, whatever was reached after it', () => {
    const view = onboardingProgressView(
      'u1',
      reached('first_campaign_created_at', 'first_faction_created_at'),
    );
    expect(view.next_milestone).toEqual({
      key: 'activate-campaign',
      timestamp_field: 'first_campaign_activated_at',
    });
    expect(view.first_faction_created_at).toBe(AT);
  });

  it('is ready for congratulations once every milestone is reached, and complete once they are dismissed', () => {
    expect(onboardingProgressView('u1', reached(...ALL))).toMatchObject({
      all_milestones_complete: true,
      ready_for_congratulations: true,
      onboarding_complete: false,
      next_milestone: null,
    });
    expect(onboardingProgressView('u1', reached(...ALL, 'congratulations_dismissed_at'))).toMatchObject({
      ready_for_congratulations: false,
      onboarding_complete: true,
    });
  });

  it('maps milestones to their timestamp fields', () => {
    expect(milestoneField('activate-campaign')).toBe('first_campaign_activated_at');
    expect(milestoneField('site')).toBe('first_site_created_at');
  });
});
