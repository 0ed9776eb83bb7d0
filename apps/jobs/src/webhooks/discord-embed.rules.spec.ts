import type { DiscordFightData } from '@shotcaller/contracts';
import {
  DISCORD_EMBED_LIMITS,
  discordFightMessage,
  htmlToText,
  truncateText,
  type DiscordEmbed,
} from './discord-embed.rules.js';

const now = new Date('2026-12-02T04:30:00Z');

function fightData(
  overrides: Partial<DiscordFightData> = {},
  fight: Partial<DiscordFightData['fight']> = {},
): DiscordFightData {
  return {
    webhook_url: 'https://discord.com/api/webhooks/1/token',
    event: 'fight_round' as const,
    campaign_name: 'Born to Revengeance',
    ...overrides,
    fight: { id: '0b5b7f5e-3c1a-4d7e-9a55-2f6c1d8e4a01', name: 'Rooftop Showdown', sequence: 3, ...fight },
  };
}

const embedOf = (data: DiscordFightData): DiscordEmbed => discordFightMessage(data, now).embeds[0];

/** What Discord counts against its 6000-character total. */
const totalOf = (embed: DiscordEmbed) =>
  embed.title.length +
  (embed.description ?? '').length +
  embed.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);

function expectWithinLimits(embed: DiscordEmbed) {
  const limits = DISCORD_EMBED_LIMITS;
  expect(embed.title.length).toBeLessThanOrEqual(limits.title);
  expect((embed.description ?? '').length).toBeLessThanOrEqual(limits.description);
  expect(embed.fields.length).toBeLessThanOrEqual(limits.fields);
  for (const field of embed.fields) {
    expect(field.name.length).toBeGreaterThan(0);
    expect(field.name.length).toBeLessThanOrEqual(limits.fieldName);
    expect(field.value.length).toBeGreaterThan(0);
    expect(field.value.length).toBeLessThanOrEqual(limits.fieldValue);
  }
  expect(totalOf(embed)).toBeLessThanOrEqual(limits.total);
}

describe('Discord fight embeds', () => {
  it('posts as Shotcaller, pinging nobody, one embed with a title, color, fields and time per event', () => {
    const message = discordFightMessage(fightData({ event: 'fight_started' }), now);
    expect(message.username).toBe('Shotcaller');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds).toHaveLength(1);
    expect(message.embeds[0]).toEqual({
      title: 'Fight started: Rooftop Showdown',
      color: 0x2ecc71,
      fields: [
        { name: 'Campaign', value: 'Born to Revengeance', inline: true },
        { name: 'Round', value: '3', inline: true },
      ],
      timestamp: '2026-12-02T04:30:00.000Z',
    });
    expect(embedOf(fightData({ event: 'fight_round' }))).toMatchObject({
      title: 'Round 3: Rooftop Showdown',
      color: 0x3498db,
    });
    expect(embedOf(fightData({ event: 'fight_ended' }))).toMatchObject({
      title: 'Fight ended: Rooftop Showdown',
      color: 0xe74c3c,
    });
  });

  it('lists combatants by shot, highest first, those without a shot last, in the given order within a shot', () => {
    const embed = embedOf(
      fightData(
        {},
        {
          combatants: [
            { name: 'Ugly Shing', shot: 8 },
            { name: 'Johnny Tso', shot: 14 },
            { name: 'Mook', shot: null },
            { name: 'Big Bruiser', shot: 8 },
            { name: 'Old Master', shot: -2 },
          ],
        },
      ),
    );
    expect(embed.fields.slice(2)).toEqual([
      { name: 'Shot 14', value: 'Johnny Tso' },
      { name: 'Shot 8', value: 'Ugly Shing, Big Bruiser' },
      { name: 'Shot -2', value: 'Old Master' },
      { name: 'No shot', value: 'Mook' },
    ]);
  });

  it('turns the HTML description into plain text', () => {
    const embed = embedOf(
      fightData(
        {},
        { description: '<p>Neon &amp; rain.</p><p>Watch <span data-type="mention">@Shing</span></p>' },
      ),
    );
    expect(embed.description).toBe('Neon & rain.\nWatch @Shing');
  });

  it('cuts a long title and description to their limits, ending in "…"', () => {
    const embed = embedOf(fightData({}, { name: 'N'.repeat(255), description: 'd'.repeat(10_000) }));
    expect(embed.title).toHaveLength(256);
    expect(embed.title.endsWith('N…')).toBe(true);
    expect(embed.description).toHaveLength(4096);
    expect(embed.description!.endsWith('d…')).toBe(true);
    expectWithinLimits(embed);
  });

  it('keeps 25 fields, the last counting the shots left out', () => {
    const combatants: { name: string; shot: number | null }[] = Array.from({ length: 41 }, (_, index) => ({
      name: `C${index}`,
      shot: 30 - index,
    }));
    combatants.push({ name: 'Extra', shot: -10 }, { name: 'Benched', shot: null });
    const embed = embedOf(fightData({}, { combatants }));
    expect(embed.fields).toHaveLength(25);
    expect(embed.fields[23]).toEqual({ name: 'Shot 9', value: 'C21' });
    // 41 shots from 30 to -10 plus "no shot" make 42 groups; 22 are shown, 20 left (21 combatants).
    expect(embed.fields[24]).toEqual({ name: 'More shots', value: '20 more shots (21 combatants)' });
    expectWithinLimits(embed);
  });

  it('cuts a crowded shot to the field value limit', () => {
    const combatants = Array.from({ length: 100 }, (_, index) => ({ name: `Mook number ${index}`, shot: 5 }));
    const embed = embedOf(fightData({}, { combatants }));
    expect(embed.fields[2].value).toHaveLength(1024);
    expect(embed.fields[2].value.endsWith('…')).toBe(true);
    expectWithinLimits(embed);
  });

  it('keeps the total under 6000 characters: the description is shortened first, then fields dropped', () => {
    const combatants = Array.from({ length: 500 }, (_, index) => ({
      name: `${'Long name '.repeat(20)}${index}`,
      shot: (index % 41) - 10,
    }));
    const embed = embedOf(
      fightData({}, { name: 'N'.repeat(255), description: 'd'.repeat(5000), combatants }),
    );
    expectWithinLimits(embed);
    expect(embed.description).toBeUndefined();
    expect(embed.fields.length).toBeLessThan(25);
    expect(embed.fields.slice(0, 2).map((field) => field.name)).toEqual(['Campaign', 'Round']);

    // 20 shots of about 210 characters each leave less than 4000 for the description: it is cut to fit.
    const twenty = combatants.slice(0, 20);
    const shortened = embedOf(fightData({}, { description: 'd'.repeat(4000), combatants: twenty }));
    expectWithinLimits(shortened);
    expect(shortened.fields).toHaveLength(22);
    expect(shortened.description!.endsWith('d…')).toBe(true);
    expect(shortened.description!.length).toBe(6000 - totalOf({ ...shortened, description: '' }));
  });
});

describe('truncateText', () => {
  it('leaves short text alone and cuts long text to exactly the limit', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('abcd', 3)).toBe('ab…');
    expect(truncateText('abcd', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateText('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(cut.isWellFormed()).toBe(true);
  });
});

describe('htmlToText', () => {
  it('keeps line breaks and list items, decodes entities and drops tags', () => {
    expect(
      htmlToText(
        '<h2>Plan</h2><ul><li>Go in</li><li>Get out</li></ul>line<br/>next &lt;b&gt; &#169; &#x263A;',
      ),
    ).toBe('Plan\n• Go in\n• Get out\n\nline\nnext <b> © ☺');
    expect(htmlToText('plain text')).toBe('plain text');
    expect(htmlToText('&#xD800; &unknown;')).toBe('&unknown;');
  });
});
