import {
  FIGHT_COMBATANTS_MAX,
  FIGHT_SEQUENCE_MAX,
  RECORD_DESCRIPTION_MAX,
  RECORD_NAME_MAX,
  SHOT_MAX,
  SHOT_MIN,
  type DiscordFightData,
  type DiscordFightEvent,
} from '@shotcaller/contracts';

/** What a fight's Discord post is made of. */
export interface DiscordFightSource {
  campaign: { name: string; discordWebhookUrl?: string | null };
  fight: { id: string; name: string; sequence: number; description?: string | null };
  /** Its combatants, each with its shot (null while hidden). */
  combatants: readonly { name: string; shot: number | null }[];
}

/** A `webhooks` / `discord_fight` job: its data and the id that makes enqueueing it again a no-op. */
export interface DiscordFightJob {
  jobId: string;
  data: DiscordFightData;
}

/** One post per fight, moment and round: a retried request does not post twice. */
export function discordFightJobId(fightId: string, event: DiscordFightEvent, sequence: number): string {
  return `discord-${fightId}-${event}-${sequence}`;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * The job that posts `event` of a fight to its campaign's Discord webhook, or null when the campaign has none.
 * Within the job's contract: at most FIGHT_COMBATANTS_MAX combatants (those acting first), names and the
 * description cut to their limits, shots and the round kept in range.
 */
export function discordFightJob(
  event: DiscordFightEvent,
  source: DiscordFightSource,
): DiscordFightJob | null {
  const url = source.campaign.discordWebhookUrl;
  if (!url) return null;
  const { fight } = source;
  const sequence = clamp(fight.sequence, 0, FIGHT_SEQUENCE_MAX);
  const combatants = [...source.combatants]
    .map((combatant, index) => ({ combatant, index }))
    // Highest shot first, the hidden last, otherwise as given: the cut keeps those who act first.
    .sort((a, b) => {
      const [x, y] = [a.combatant.shot, b.combatant.shot];
      if (x !== y) return x === null ? 1 : y === null ? -1 : y - x;
      return a.index - b.index;
    })
    .slice(0, FIGHT_COMBATANTS_MAX)
    .map(({ combatant }) => ({
      name: combatant.name.slice(0, RECORD_NAME_MAX),
      shot: combatant.shot === null ? null : clamp(combatant.shot, SHOT_MIN, SHOT_MAX),
    }));
  const description = fight.description ? fight.description.slice(0, RECORD_DESCRIPTION_MAX) : null;
  return {
    jobId: discordFightJobId(fight.id, event, sequence),
    data: {
      webhook_url: url,
      event,
      campaign_name: source.campaign.name.slice(0, RECORD_NAME_MAX),
      fight: {
        id: fight.id,
        name: fight.name.slice(0, RECORD_NAME_MAX),
        sequence,
        ...(description ? { description } : {}),
        combatants,
      },
    },
  };
}

/** When a fight starts and ends: the moments of a change posted to Discord (none when neither changed). */
export interface FightTimes {
  startedAt?: Date | null;
  endedAt?: Date | null;
}

/** The moments a change of a fight's times makes: it started (no start before, one now), it ended. */
export function fightMoments(before: FightTimes, after: FightTimes): DiscordFightEvent[] {
  const moments: DiscordFightEvent[] = [];
  if (!before.startedAt && after.startedAt) moments.push('fight_started');
  if (!before.endedAt && after.endedAt) moments.push('fight_ended');
  return moments;
}
