import {
  EmptyPayload,
  Subjects,
  UpdateOnboardingProgressBody,
  type Actor,
  type OnboardingProgressResponse,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { OnboardingService } from './onboarding.service.js';

const { onboarding } = Subjects.campaign;

@RpcHandlers()
export class OnboardingHandlers {
  constructor(private readonly onboarding: OnboardingService) {}

  @RpcHandler(onboarding.dismissCongratulations)
  dismissCongratulations(_: EmptyPayload, @RpcActor() actor: Actor): Promise<OnboardingProgressResponse> {
    return this.onboarding.dismissCongratulations(actor);
  }

  @RpcHandler(onboarding.update)
  update(
    { onboarding_progress }: UpdateOnboardingProgressBody,
    @RpcActor() actor: Actor,
  ): Promise<OnboardingProgressResponse> {
    return this.onboarding.update(actor, onboarding_progress);
  }
}
