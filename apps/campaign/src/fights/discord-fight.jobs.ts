import type { EntityManager } from '@mikro-orm/postgresql';
import { JobQueues, Subjects, WebhookJobNames, type DiscordFightEvent } from '@shotcaller/contracts';
import type { Caller, ServiceClient } from '@shotcaller/messaging';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { discordFightJob } from './discord-fight.rules.js';
import type { Fight } from './fight.entity.js';
import { Shot } from './shot.entity.js';

/** A shot as a Discord post lists it: its character's (or vehicle's) name and its shot. */
export function combatantsOf(shots: readonly Shot[]): { name: string; shot: number | null }[] {
  return shots.map((shot) => ({
    name: (shot.character ?? shot.vehicle)?.name ?? '',
    shot: shot.shot ?? null,
  }));
}

/**
 * Hands a fight's start, new round or end to the jobs service's `webhooks` queue, when the fight's campaign has
 * a Discord webhook; a campaign without one asks nothing of the jobs service. Call it as the last step inside
 * the transaction of the change it reports: any error (503 when the jobs service is not answering) is thrown
 * on, so the request fails and the change is rolled back rather than going unposted. `shots` are the fight's
 * shots with their characters and vehicles, when the caller has them already.
 */
export async function postFightToDiscord(
  services: ServiceClient,
  tx: EntityManager,
  moment: {
    event: DiscordFightEvent;
    campaign: Campaign;
    fight: Fight;
    shots?: readonly Shot[];
    caller?: Caller;
  },
): Promise<void> {
  const { event, campaign, fight, caller } = moment;
  if (!campaign.discordWebhookUrl) return;
  const shots =
    moment.shots ??
    (await tx.find(
      Shot,
      { fight },
      { populate: ['character', 'vehicle'], orderBy: { createdAt: 'asc', id: 'asc' } },
    ));
  const job = discordFightJob(event, {
    campaign,
    fight: { id: fight.id, name: fight.name, sequence: fight.sequence, description: fight.description },
    combatants: combatantsOf(shots),
  });
  if (!job) return;
  await services.request(
    Subjects.jobs.enqueue,
    {
      queue: JobQueues.webhooks,
      name: WebhookJobNames.discordFight,
      data: { ...job.data },
      options: { job_id: job.jobId },
    },
    caller ? { caller } : {},
  );
}
