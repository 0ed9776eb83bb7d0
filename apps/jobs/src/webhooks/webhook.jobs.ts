import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  JobQueues,
  WebhookFailureCodes,
  WebhookJobNames,
  type DeliverWebhookData,
  type DiscordFightData,
  type WebhookDeliveryResult,
} from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import type { JobRunner, QueueJob } from '../queues/job-runner.js';
import { discordFightMessage } from './discord-embed.rules.js';
import { isDiscordWebhookUrl } from './discord-url.rules.js';
import { webhookAnswerFailure, type WebhookAnswer } from './webhook-response.rules.js';
import { WebhookSender } from './webhook-sender.js';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings.js';
import { signWebhookBody, WebhookHeaders } from './webhook-signature.js';

/**
 * The `webhooks` queue: `deliver` POSTs a signed JSON payload to any public http(s) receiver; `discord_fight`
 * posts a fight's start, round or end to a Discord webhook as an embed. Logs carry the job id, event and status,
 * never a URL (a Discord URL holds its token) or the payload.
 */
@Injectable()
export class WebhookJobs implements JobRunner {
  readonly queue = JobQueues.webhooks;
  private readonly logger = new Logger(WebhookJobs.name);

  constructor(
    private readonly sender: WebhookSender,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {}

  async run(job: QueueJob): Promise<WebhookDeliveryResult> {
    switch (job.name) {
      case WebhookJobNames.deliver:
        return this.deliver(job as QueueJob<DeliverWebhookData>);
      case WebhookJobNames.discordFight:
        return this.discordFight(job as QueueJob<DiscordFightData>);
      default:
        throw JobFailure.permanent('unknown_job', `The webhooks queue runs no "${job.name}" job`);
    }
  }

  private async deliver(job: QueueJob<DeliverWebhookData>): Promise<WebhookDeliveryResult> {
    const { url, event, payload } = job.data;
    const secret = this.settings.signingSecret;
    if (secret === null) {
      throw JobFailure.permanent(
        WebhookFailureCodes.signingUnconfigured,
        'Webhooks cannot be signed: WEBHOOK_SIGNING_SECRET is not configured',
      );
    }
    const body = JSON.stringify(payload);
    return this.post(job, event, url, body, {
      [WebhookHeaders.event]: event,
      [WebhookHeaders.delivery]: job.id,
      [WebhookHeaders.signature]: signWebhookBody(secret, body, new Date()),
    });
  }

  private async discordFight(job: QueueJob<DiscordFightData>): Promise<WebhookDeliveryResult> {
    const { data } = job;
    if (!isDiscordWebhookUrl(data.webhook_url, this.settings.discordBases)) {
      throw JobFailure.permanent(
        WebhookFailureCodes.invalidUrl,
        'The URL is not a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)',
      );
    }
    const body = JSON.stringify(discordFightMessage(data, new Date()));
    return this.post(job, data.event, data.webhook_url, body, {});
  }

  private async post(
    job: QueueJob,
    event: string,
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<WebhookDeliveryResult> {
    const context = { job_id: job.id, job: job.name, event, attempt: job.attemptsMade + 1 };
    let answer: WebhookAnswer;
    try {
      answer = await this.sender.post(url, headers, body);
    } catch (error) {
      if (error instanceof JobFailure) {
        this.logger.warn({ ...context, code: error.code, retry: error.retry }, error.message);
      }
      throw error;
    }
    const failure = webhookAnswerFailure(answer, new Date());
    if (failure) {
      this.logger.warn(
        { ...context, status: answer.status, code: failure.code, retry: failure.retry },
        failure.message,
      );
      throw failure;
    }
    this.logger.log({ ...context, status: answer.status }, 'Webhook delivered');
    return { status: answer.status };
  }
}
