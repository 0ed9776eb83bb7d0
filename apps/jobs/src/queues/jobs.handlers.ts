import { Ctx, type NatsContext } from '@nestjs/microservices';
import { AccessTokenVerifier } from '@shotcaller/auth';
import {
  EnqueueJobPayload,
  NatsHeader,
  RunJobPayload,
  Subjects,
  type EnqueuedJobView,
  type FinishedJobView,
} from '@shotcaller/contracts';
import { natsHeader, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { JobIntake } from './job-intake.service.js';

/**
 * When the caller stops waiting (epoch ms), as its request says; the intake answers before then (and ignores what
 * is not a time, such as the NaN of a request without the header: intakeDeadline).
 */
function callerDeadline(context: NatsContext): number {
  return Number(natsHeader(context, NatsHeader.Deadline));
}

/**
 * `jobs.enqueue` and `jobs.run`. NATS permissions decide which services may send them; a request made for a user
 * carries that user's access token, verified here, and its outcome is sent to them. A token that does not verify
 * refuses the request rather than queueing work for nobody.
 */
@RpcHandlers()
export class JobsHandlers {
  constructor(
    private readonly intake: JobIntake,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  @RpcHandler(Subjects.jobs.enqueue)
  async enqueue(payload: EnqueueJobPayload, @Ctx() context: NatsContext): Promise<EnqueuedJobView> {
    return this.intake.enqueue(payload, await this.requester(context), callerDeadline(context));
  }

  @RpcHandler(Subjects.jobs.run)
  async run(payload: RunJobPayload, @Ctx() context: NatsContext): Promise<FinishedJobView> {
    return this.intake.run(payload, await this.requester(context), callerDeadline(context));
  }

  private async requester(context: NatsContext): Promise<string | null> {
    const token = natsHeader(context, NatsHeader.ActorToken);
    return token ? (await this.verifier.verify(token)).sub : null;
  }
}
