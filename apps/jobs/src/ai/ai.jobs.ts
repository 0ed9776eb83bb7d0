import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AiJobNames,
  JobQueues,
  RealtimeSubjects,
  type AiCharacterError,
  type AiCharacterPreview,
  type ExtendCharacterData,
  type GenerateCharacterData,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';
import { CHARACTER_SOURCE, type CharacterSource } from './character-sources.js';
import { AiFailureCodes } from './provider-failures.js';

/**
 * The `ai` queue: generates a character (or extends one) and publishes `{status: "preview_ready", json}` on the
 * campaign's realtime subject, which is also the job's result. When a job fails for good (a refusal, or a
 * failure that may pass on its last attempt), the campaign hears `{status: "error", error, code}`; earlier
 * attempts that may pass are retried without telling anyone.
 */
@Injectable()
export class AiJobs implements JobRunner {
  readonly queue = JobQueues.ai;
  private readonly logger = new Logger(AiJobs.name);

  constructor(
    @Inject(CHARACTER_SOURCE) private readonly source: CharacterSource,
    private readonly services: ServiceClient,
  ) {}

  async run(job: QueueJob): Promise<AiCharacterPreview> {
    const data = job.data as GenerateCharacterData | ExtendCharacterData;
    let preview: AiCharacterPreview;
    try {
      preview = { status: 'preview_ready', json: await this.character(job) };
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= job.attempts;
      if (error instanceof JobFailure && (!error.retry || lastAttempt)) {
        await this.tellFailure(job, data.campaign_id, error);
      }
      throw error;
    }
    await this.services.publishRealtime(RealtimeSubjects.campaign(data.campaign_id), preview);
    this.logger.log(
      { job_id: job.id, campaign_id: data.campaign_id, source: this.source.kind },
      'Character preview published',
    );
    return preview;
  }

  private character(job: QueueJob) {
    switch (job.name) {
      case AiJobNames.generateCharacter:
        return this.source.generate(job.data as GenerateCharacterData);
      case AiJobNames.extendCharacter:
        return this.source.extend(job.data as ExtendCharacterData);
      default:
        throw JobFailure.permanent(AiFailureCodes.unknownJob, `The ai queue runs no job named ${job.name}`);
    }
  }

  /** Best effort: the failure itself still reaches the requester through `jobs.job.failed`. */
  private async tellFailure(job: QueueJob, campaignId: string, failure: JobFailure): Promise<void> {
    const message: AiCharacterError = { status: 'error', error: failure.message, code: failure.code };
    this.logger.warn(
      { job_id: job.id, campaign_id: campaignId, code: failure.code },
      'Character generation failed',
    );
    try {
      await this.services.publishRealtime(RealtimeSubjects.campaign(campaignId), message);
    } catch (error) {
      this.logger.warn(
        { err: error, job_id: job.id, campaign_id: campaignId },
        'Could not publish the failure',
      );
    }
  }
}
