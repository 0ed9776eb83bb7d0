import { Body, Controller, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  EmptyPayload,
  OnboardingProgressResponse,
  Subjects,
  UpdateOnboardingProgressBody,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { OptionalBody } from '../invitations/optional-body.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';

/** The dismissal takes no fields: the client sends no body (or `{}`). */
const NO_FIELDS = ApiBody({
  required: false,
  schema: { type: 'object', properties: {}, additionalProperties: false },
});

const { onboarding } = Subjects.campaign;

/**
 * Your onboarding checklist (the `onboarding_progress` of `GET /api/v2/users/current`): its milestones are reached
 * by creating things; here the client dismisses the congratulations, or sets milestones itself.
 */
@ApiTags('onboarding')
@ApiSignedIn()
@Controller('api/v2/onboarding')
export class OnboardingController {
  constructor(private readonly services: ServiceClient) {}

  @Patch('dismiss_congratulations')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dismiss the congratulations shown once every milestone is reached (the client’s call)',
  })
  @NO_FIELDS
  @ApiOkResponse({ type: OnboardingProgressResponse })
  @ApiErrors(400, 415, 422)
  dismissCongratulations(
    @CurrentUser() caller: AuthenticatedUser,
    @OptionalBody() _body?: undefined,
  ): Promise<ServiceAnswer<OnboardingProgressResponse>> {
    return this.services.relay(onboarding.dismissCongratulations, new EmptyPayload(), { caller });
  }

  @Post('dismiss_congratulations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as PATCH' })
  @NO_FIELDS
  @ApiOkResponse({ type: OnboardingProgressResponse })
  @ApiErrors(400, 415, 422)
  dismissCongratulationsByPost(
    @CurrentUser() caller: AuthenticatedUser,
    @OptionalBody() _body?: undefined,
  ): Promise<ServiceAnswer<OnboardingProgressResponse>> {
    return this.dismissCongratulations(caller);
  }

  @Patch()
  @ApiOperation({
    summary:
      'Set or clear milestones of your checklist (ISO date-times, or null), as the client does to skip it',
  })
  @ApiOkResponse({ type: OnboardingProgressResponse })
  @ApiErrors(400, 415, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: UpdateOnboardingProgressBody,
  ): Promise<ServiceAnswer<OnboardingProgressResponse>> {
    return this.services.relay(
      onboarding.update,
      { onboarding_progress: body.onboarding_progress },
      { caller },
    );
  }
}
