import {
  Subjects,
  type Actor,
  type CurrentUserView,
  type OnboardingProgressResponse,
} from '@shotcaller/contracts';
import { NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { CampaignRecordsWorld } from './support/campaign-records.js';

/**
 * The onboarding checklist over NATS: the current user carries it; creating a campaign, making one current and a
 * faction being made in it mark the milestones, in the transaction of that write (a write refused marks nothing),
 * the first time only; the user dismisses the congratulations and sets milestones themselves.
 */

const world = new CampaignRecordsWorld(new TestEnvironment('onboarding-int'));
let nats: NatsRequester;
let gm: Actor;
let newcomer: Actor;

const { users, campaigns, factions, onboarding } = Subjects.campaign;
const progressOf = async (actor: Actor) =>
  (await nats.expectOk<CurrentUserView>(users.current, {}, { actor })).onboarding_progress;
const stored = async (userId: string) =>
  (await world.db.query('select * from onboarding_progresses where user_id = $1', [userId])).rows[0] as
    Record<string, Date | null> | undefined;

beforeAll(async () => {
  await world.start();
  ({ nats, gm } = world);
  newcomer = await world.register('newcomer@example.com');
});

afterAll(async () => {
  await world.stop();
});

describe('milestones reached by the writes', () => {
  it('a new account has reached nothing: the campaign is next', async () => {
    expect(await progressOf(newcomer)).toEqual({
      id: newcomer.id,
      first_campaign_created_at: null,
      first_campaign_activated_at: null,
      first_character_created_at: null,
      first_fight_created_at: null,
      first_faction_created_at: null,
      first_party_created_at: null,
      first_site_created_at: null,
      congratulations_dismissed_at: null,
      all_milestones_complete: false,
      onboarding_complete: false,
      ready_for_congratulations: false,
      next_milestone: { key: 'campaign', timestamp_field: 'first_campaign_created_at' },
    });
    expect(await stored(newcomer.id)).toBeUndefined();
  });

  it('creating a campaign and making it current mark their milestones, the first time only', async () => {
    const campaign = await nats.expectOk<{ id: string }>(
      campaigns.create,
      { campaign: { name: 'First' } },
      { actor: newcomer },
    );
    const created = await progressOf(newcomer);
    expect(created.first_campaign_created_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(created.next_milestone).toEqual({
      key: 'activate-campaign',
      timestamp_field: 'first_campaign_activated_at',
    });
    await world.setCurrent(newcomer, campaign.id);
    await nats.expectOk(campaigns.create, { campaign: { name: 'Second' } }, { actor: newcomer });
    await world.setCurrent(newcomer, campaign.id);
    const activated = await progressOf(newcomer);
    expect(activated.first_campaign_created_at).toBe(created.first_campaign_created_at);
    expect(activated.first_campaign_activated_at).not.toBeNull();
    expect(activated.next_milestone?.key).toBe('character');
  });

  it('a faction made in the campaign marks its gamemaster’s milestone; a refused one marks nothing', async () => {
    const before = await stored(gm.id);
    expect(before?.first_faction_created_at ?? null).toBeNull();
    // Refused after the faction row was written (the listed character is not the campaign's): all rolled back.
    expect(
      await nats.expectError(
        factions.create,
        { faction: { name: 'Ghosts', character_ids: ['00000000-0000-4000-8000-000000000000'] } },
        { actor: gm },
      ),
    ).toMatchObject({ statusCode: 422 });
    expect((await stored(gm.id))?.first_faction_created_at ?? null).toBeNull();
    await nats.expectOk(factions.create, { faction: { name: 'Dragons' } }, { actor: gm });
    const reached = (await stored(gm.id))?.first_faction_created_at;
    expect(reached).toBeInstanceOf(Date);
    await nats.expectOk(factions.create, { faction: { name: 'Lotus' } }, { actor: gm });
    expect((await stored(gm.id))?.first_faction_created_at).toEqual(reached);
    expect((await progressOf(gm)).first_faction_created_at).toBe((reached as Date).toISOString());
  });
  it("a character, fight, party and site mark their milestones: a player's character its owner's, the rest the gamemaster's", async () => {
    const { characters, fights, parties, sites } = Subjects.campaign;
    await nats.expectOk(characters.create, { character: { name: 'Johnny Tsang' } }, { actor: world.player });
    expect((await stored(world.player.id))?.first_character_created_at).toBeInstanceOf(Date);
    expect((await stored(gm.id))?.first_character_created_at ?? null).toBeNull();
    await nats.expectOk(fights.create, { fight: { name: 'Dockside' } }, { actor: gm });
    await nats.expectOk(parties.create, { party: { name: 'Crew' } }, { actor: gm });
    await nats.expectOk(sites.create, { site: { name: 'Temple' } }, { actor: gm });
    expect(await stored(gm.id)).toMatchObject({
      first_fight_created_at: expect.any(Date),
      first_party_created_at: expect.any(Date),
      first_site_created_at: expect.any(Date),
    });
  });
});

describe('what the user does with their checklist', () => {
  it('sets and clears milestones (the client skipping the checklist), then dismisses the congratulations', async () => {
    const at = '2026-11-30T12:00:00.000Z';
    const all = {
      first_character_created_at: at,
      first_fight_created_at: at,
      first_faction_created_at: at,
      first_party_created_at: at,
      first_site_created_at: at,
    };
    const updated = await nats.expectOk<OnboardingProgressResponse>(
      onboarding.update,
      { onboarding_progress: all },
      { actor: newcomer },
    );
    expect(updated).toMatchObject({
      success: true,
      onboarding_progress: { ...all, ready_for_congratulations: true, onboarding_complete: false },
    });
    const dismissed = await nats.expectOk<OnboardingProgressResponse>(
      onboarding.dismissCongratulations,
      {},
      { actor: newcomer },
    );
    expect(dismissed.onboarding_progress).toMatchObject({
      onboarding_complete: true,
      ready_for_congratulations: false,
      congratulations_dismissed_at: expect.any(String),
    });
    const cleared = await nats.expectOk<OnboardingProgressResponse>(
      onboarding.update,
      { onboarding_progress: { first_site_created_at: null } },
      { actor: newcomer },
    );
    expect(cleared.onboarding_progress).toMatchObject({
      first_site_created_at: null,
      all_milestones_complete: false,
      next_milestone: { key: 'site' },
    });
    expect(await progressOf(newcomer)).toEqual(cleared.onboarding_progress);
  });

  it('refuses what is not a date and time, changing nothing', async () => {
    const before = await progressOf(newcomer);
    expect(
      await nats.expectError(
        onboarding.update,
        { onboarding_progress: { first_site_created_at: 'yesterday' } },
        { actor: newcomer },
      ),
    ).toMatchObject({ statusCode: 400 });
    expect(await progressOf(newcomer)).toEqual(before);
  });

  it('the profile change answers the user with their checklist too', async () => {
    const result = await nats.expectOk<{ user: CurrentUserView }>(
      users.updateProfile,
      { user_id: newcomer.id, changes: { first_name: 'Newer' } },
      { actor: newcomer },
    );
    expect(result.user.onboarding_progress).toEqual(await progressOf(newcomer));
  });
});
