import type { DiscordFightData, DiscordFightEvent } from '@shotcaller/contracts';

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Title, description, field names and values together. */
  total: 6000,
} as const;

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title: string;
  description?: string;
  color: number;
  fields: DiscordEmbedField[];
  timestamp: string;
}

/** The body of Discord's "execute webhook" call. */
export interface DiscordWebhookBody {
  username: string;
  embeds: [DiscordEmbed];
  /** Names in the text never ping anyone. */
  allowed_mentions: { parse: [] };
}

export const DISCORD_USERNAME = 'Shotcaller';

const COLORS: Record<DiscordFightEvent, number> = {
  fight_started: 0x2ecc71,
  fight_round: 0x3498db,
  fight_ended: 0xe74c3c,
};

const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` UTF-16 units (Discord's count), ending in "…" when cut, never splitting a
 * surrogate pair.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, Math.max(0, end))}${ELLIPSIS}`;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** A fight description (the client's editor writes HTML) as plain text: line breaks kept, tags dropped. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|ul|ol)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
          ? String.fromCodePoint(code)
          : '';
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function titleOf(event: DiscordFightEvent, fightName: string, sequence: number): string {
  switch (event) {
    case 'fight_started':
      return `Fight started: ${fightName}`;
    case 'fight_round':
      return `Round ${sequence}: ${fightName}`;
    case 'fight_ended':
      return `Fight ended: ${fightName}`;
  }
}

/**
 * The combatants grouped by shot, highest shot first (the order they act in), those without a shot last; in
 * the order given within a shot.
 */
function shotGroups(
  combatants: readonly { name: string; shot: number | null }[],
): { shot: number | null; names: string[] }[] {
  const byShot = new Map<number | null, string[]>();
  for (const combatant of combatants) {
    const names = byShot.get(combatant.shot) ?? [];
    names.push(combatant.name);
    byShot.set(combatant.shot, names);
  }
  return [...byShot.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : b - a))
    .map(([shot, names]) => ({ shot, names }));
}

function shotField({ shot, names }: { shot: number | null; names: string[] }): DiscordEmbedField {
  return {
    name: shot === null ? 'No shot' : `Shot ${shot}`,
    value: truncateText(names.join(', '), DISCORD_EMBED_LIMITS.fieldValue),
  };
}

const fieldLength = (field: DiscordEmbedField) => field.name.length + field.value.length;

/**
 * The Discord message for one moment of a fight: a titled, colored embed with the campaign, the round, the
 * description as plain text and the combatants by shot. Within Discord's limits, cut predictably: each text to
 * its own limit (ending in "…"); beyond 25 fields, the last field counts the shots left out; beyond 6000
 * characters in all, the description is shortened first, then fields are dropped from the end.
 */
export function discordFightMessage(data: DiscordFightData, now: Date): DiscordWebhookBody {
  const limits = DISCORD_EMBED_LIMITS;
  const { fight } = data;
  const title = truncateText(titleOf(data.event, fight.name, fight.sequence), limits.title);
  let fields: DiscordEmbedField[] = [
    { name: 'Campaign', value: truncateText(data.campaign_name, limits.fieldValue), inline: true },
    { name: 'Round', value: String(fight.sequence), inline: true },
  ];
  const groups = shotGroups(fight.combatants ?? []);
  const room = limits.fields - fields.length;
  if (groups.length > room) {
    const left = groups.slice(room - 1);
    const count = left.reduce((sum, group) => sum + group.names.length, 0);
    fields.push(...groups.slice(0, room - 1).map(shotField), {
      name: 'More shots',
      value: `${left.length} more shots (${count} combatants)`,
    });
  } else {
    fields.push(...groups.map(shotField));
  }

  const budget = limits.total - title.length;
  const lengthOf = (list: DiscordEmbedField[]) => list.reduce((sum, field) => sum + fieldLength(field), 0);
  const crowded = lengthOf(fields) > budget;
  while (lengthOf(fields) > budget) fields = fields.slice(0, -1);
  // The description gives way first: when even the fields do not fit, it is left out altogether.
  const descriptionRoom = crowded ? 0 : Math.min(limits.description, budget - lengthOf(fields));
  const description = truncateText(htmlToText(fight.description ?? ''), descriptionRoom);

  return {
    username: DISCORD_USERNAME,
    embeds: [
      {
        title,
        ...(description === '' ? {} : { description }),
        color: COLORS[data.event],
        fields,
        timestamp: now.toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
