import { signUp, type Stack, type Account } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';

let stack: Stack;
let newcomer: Account;

/**
 * The onboarding checklist through the gateway, as the client's onboarding module reads and changes it: the
 * current user's `onboarding_progress`, kept as the user creates things, and the client's calls to dismiss the
 * congratulations and to set milestones itself.
 */
// Booting the stack on a busy machine can pass Jest's default 5 s hook guard (the config's testTimeout is not
// applied per project): the same 30 s guard against hangs as the suites' tests.
const BOOT_GUARD_MS = 30_000;

beforeAll(async () => {
  ({ stack } = await startCampaignStack('e2e-onboarding'));
  newcomer = await signUp(stack);
}, BOOT_GUARD_MS);

afterAll(async () => {
  await stack?.stop();
});

const as = (account: Account) => asAccount(stack, account);
const progress = async () => (await as(newcomer).get('/api/v2/users/current')).body.onboarding_progress;

describe('the onboarding checklist through the gateway', () => {
  it('starts empty, and fills as the user creates and activates a campaign and a faction', async () => {
    expect(await progress()).toMatchObject({
      id: newcomer.id,
      first_campaign_created_at: null,
      next_milestone: { key: 'campaign' },
      all_milestones_complete: false,
    });
    const campaign = await as(newcomer)
      .post('/api/v2/campaigns')
      .send({ campaign: { name: 'My First' } });
    expect(campaign.status).toBe(201);
    expect((await as(newcomer).post('/api/v2/campaigns/current').send({ id: campaign.body.id })).status).toBe(
      200,
    );
    expect(
      (
        await as(newcomer)
          .post('/api/v2/factions')
          .send({ faction: { name: 'The Dragons' } })
      ).status,
    ).toBe(201);
    const reached = await progress();
    expect(reached).toMatchObject({
      first_campaign_created_at: expect.any(String),
      first_campaign_activated_at: expect.any(String),
      first_faction_created_at: expect.any(String),
      first_character_created_at: null,
      next_milestone: { key: 'character', timestamp_field: 'first_character_created_at' },
    });
    expect((await as(newcomer).get('/api/v2/users/profile')).body.onboarding_progress).toEqual(reached);
  });

  it('sets milestones (PATCH /api/v2/onboarding) and dismisses the congratulations (PATCH, no body, or POST)', async () => {
    const at = '2026-11-30T12:00:00.000Z';
    const set = await as(newcomer)
      .patch('/api/v2/onboarding')
      .send({
        onboarding_progress: {
          first_character_created_at: at,
          first_fight_created_at: at,
          first_party_created_at: at,
          first_site_created_at: at,
        },
      });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      success: true,
      onboarding_progress: { first_site_created_at: at, ready_for_congratulations: true },
    });
    const dismissed = await as(newcomer).patch('/api/v2/onboarding/dismiss_congratulations');
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      success: true,
      onboarding_progress: { onboarding_complete: true, congratulations_dismissed_at: expect.any(String) },
    });
    const again = await as(newcomer).post('/api/v2/onboarding/dismiss_congratulations');
    expect(again.status).toBe(200);
    expect(await progress()).toMatchObject({ onboarding_complete: true, next_milestone: null });
  });

  it('refuses bad input (422) and callers without a token (401), changing nothing', async () => {
    const before = await progress();
    const cases: [object, Record<string, string[]>][] = [
      [
        { onboarding_progress: { first_site_created_at: 'yesterday' } },
        { first_site_created_at: ['must be an ISO 8601 date and time'] },
      ],
      [
        { onboarding_progress: { first_vehicle_created_at: null } },
        { first_vehicle_created_at: ['is not a permitted attribute'] },
      ],
    ];
    for (const [body, errors] of cases) {
      const response = await as(newcomer).patch('/api/v2/onboarding').send(body);
      expect({ status: response.status, errors: response.body.errors }).toEqual({ status: 422, errors });
    }
    const notAnObject = await as(newcomer).patch('/api/v2/onboarding').send({ onboarding_progress: 'all' });
    expect(notAnObject.status).toBe(422);
    expect(notAnObject.body.errors.onboarding_progress).toContain('must be an object');
    const withFields = await as(newcomer)
      .patch('/api/v2/onboarding/dismiss_congratulations')
      .send({ at: 'now' });
    expect(withFields.status).toBe(422);
    expect(withFields.body.errors).toEqual({ at: ['is not a permitted attribute'] });
    expect((await stack.http().patch('/api/v2/onboarding/dismiss_congratulations')).status).toBe(401);
    expect(await progress()).toEqual(before);
  });
});
