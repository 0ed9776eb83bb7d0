import {
  CAMPAIGN_SEEDING_KINDS,
  type CampaignSeedingEvent,
  type CampaignSeedingKind,
  type CampaignSeedingStatus,
} from '@shotcaller/contracts';
import type { CampaignSeedingMode } from '../config.js';

/**
 * The steps of a seeding, in order: each copies one kind and is committed on its own, so the progress stored on
 * the campaign is what is really there. A kind comes after the kinds its records link to (a juncture names its
 * faction, a character its faction, juncture, schticks and weapons), since links are found by name among the
 * campaign's own records. No master template: no steps.
 */
export function seedingSteps(hasTemplate: boolean): readonly CampaignSeedingKind[] {
  return hasTemplate ? CAMPAIGN_SEEDING_KINDS : [];
}

/** Where a campaign stands after `done` of `total` steps: `done` with the last step (or with none to do). */
export function statusAfter(done: number, total: number): CampaignSeedingStatus {
  return done >= total ? 'done' : 'running';
}

/** Whether creating this campaign queues its seeding: not with seeding off, and never for the master template. */
export function seedsOnCreate(mode: CampaignSeedingMode, isMasterTemplate: boolean): boolean {
  return mode === 'job' && !isMasterTemplate;
}

/** What the campaign's realtime topic is told of a seeding's progress. */
export function seedingEvent(
  campaignId: string,
  status: CampaignSeedingStatus,
  done: number,
  total: number,
): CampaignSeedingEvent {
  return { campaign_seeding: { campaign_id: campaignId, status, done, total } };
}

/** Nothing copied yet, per kind. */
export function noCopies(): Record<CampaignSeedingKind, number> {
  return Object.fromEntries(CAMPAIGN_SEEDING_KINDS.map((kind) => [kind, 0])) as Record<
    CampaignSeedingKind,
    number
  >;
}

/**
 * The advisory lock key that orders a campaign's creation before its seeding: the creating transaction holds it
 * until it commits, so a seeding job that starts at once waits and then sees the campaign (or, if the creation
 * rolled back, finds none). Each seeding step takes it too, so two runs of one campaign never interleave a step.
 */
export function seedingLockKey(campaignId: string): string {
  return `campaign_seeding:${campaignId}`;
}
