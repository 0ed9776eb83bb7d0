import {
  FIGHT_COMBATANTS_MAX,
  FIGHT_SEQUENCE_MAX,
  RECORD_DESCRIPTION_MAX,
  RECORD_NAME_MAX,
} from '@shotcaller/contracts';
import {
  discordFightJob,
  discordFightJobId,
  fightMoments,
  type DiscordFightSource,
} from './discord-fight.rules.js';

const FIGHT_ID = '0b6c3f8e-7d1a-4a39-9f1e-2f6d5c4b3a21';
const URL = 'https://discord.com/api/webhooks/1/token';

function source(overrides: Partial<DiscordFightSource> = {}): DiscordFightSource {
  return {
    campaign: { name: 'Hong Kong Nights', discordWebhookUrl: URL },
    fight: { id: FIGHT_ID, name: 'Dock Brawl', sequence: 2, description: '<p>Crates</p>' },
    combatants: [
      { name: 'Mook', shot: null },
      { name: 'Johnny', shot: 8 },
      { name: 'Ugly Shing', shot: 12 },
      { name: 'Jade', shot: 8 },
    ],
    ...overrides,
  };
}

describe('the Discord job of a fight moment', () => {
  it('is none when the campaign has no webhook', () => {
    expect(
      discordFightJob('fight_started', source({ campaign: { name: 'x', discordWebhookUrl: null } })),
    ).toBeNull();
  });

  it('carries the campaign, the fight and its combatants, those acting first first', () => {
    expect(discordFightJob('fight_round', source())).toEqual({
      jobId: `discord-${FIGHT_ID}-fight_round-2`,
      data: {
        webhook_url: URL,
        event: 'fight_round',
        campaign_name: 'Hong Kong Nights',
        fight: {
          id: FIGHT_ID,
          name: 'Dock Brawl',
          sequence: 2,
          description: '<p>Crates</p>',
          combatants: [
            { name: 'Ugly Shing', shot: 12 },
            { name: 'Johnny', shot: 8 },
            { name: 'Jade', shot: 8 },
            { name: 'Mook', shot: null },
          ],
        },
      },
    });
  });

  it('has one id per fight, moment and round, so a retry queues nothing new', () => {
    expect(discordFightJobId(FIGHT_ID, 'fight_ended', 3)).toBe(`discord-${FIGHT_ID}-fight_ended-3`);
    expect(discordFightJob('fight_started', source())?.jobId).not.toBe(
      discordFightJob('fight_round', source())?.jobId,
    );
  });

  it('stays within the job contract: combatants, names, description, shots and round bounded', () => {
    const many = Array.from({ length: FIGHT_COMBATANTS_MAX + 5 }, (_, index) => ({
      name: index === 0 ? 'n'.repeat(RECORD_NAME_MAX + 10) : `Mook ${index}`,
      shot: index < 3 ? null : 40,
    }));
    const job = discordFightJob(
      'fight_round',
      source({
        fight: {
          id: FIGHT_ID,
          name: 'F',
          sequence: FIGHT_SEQUENCE_MAX + 1,
          description: 'd'.repeat(RECORD_DESCRIPTION_MAX + 1),
        },
        combatants: many,
      }),
    );
    const fight = job?.data.fight;
    expect(fight?.combatants).toHaveLength(FIGHT_COMBATANTS_MAX);
    // The hidden ones act last, so they are the ones cut.
    expect(fight?.combatants?.every((combatant) => combatant.shot === 30)).toBe(true);
    expect(fight?.sequence).toBe(FIGHT_SEQUENCE_MAX);
    expect(fight?.description).toHaveLength(RECORD_DESCRIPTION_MAX);
    const long = discordFightJob('fight_round', source({ combatants: [many[0]] }));
    expect(long?.data.fight.combatants?.[0].name).toHaveLength(RECORD_NAME_MAX);
  });

  it('leaves out an empty description', () => {
    const fight = { id: FIGHT_ID, name: 'F', sequence: 0, description: null };
    expect(discordFightJob('fight_started', source({ fight }))?.data.fight).not.toHaveProperty('description');
  });
});

describe('the moments of a change to a fight', () => {
  const at = new Date('2026-12-04T20:00:00Z');

  it('are its start and its end, once each', () => {
    expect(fightMoments({ startedAt: null }, { startedAt: at })).toEqual(['fight_started']);
    expect(fightMoments({ startedAt: at, endedAt: null }, { startedAt: at, endedAt: at })).toEqual([
      'fight_ended',
    ]);
    expect(fightMoments({}, { startedAt: at, endedAt: at })).toEqual(['fight_started', 'fight_ended']);
    expect(fightMoments({ startedAt: at }, { startedAt: new Date() })).toEqual([]);
    expect(fightMoments({ startedAt: at }, { startedAt: null })).toEqual([]);
  });
});
