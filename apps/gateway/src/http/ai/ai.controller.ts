import { Body, Controller, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import { AiCharacterBody, AiExtendBody, AiRequestAcceptedView, Subjects } from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { OptionalBody } from '../invitations/optional-body.js';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';

const { characters } = Subjects.campaign;

/**
 * AI character generation for your current campaign (any member): queued, answered 202 at once; the character
 * comes as `{status: "preview_ready", json}` (or `{status: "error", error}`) on the socket topic `campaign:<id>`.
 */
@ApiTags('ai')
@ApiSignedIn()
@Controller('api/v2/ai')
export class AiController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Generate a character from a description, or with character_id extend one you can see; the preview comes on campaign:<id>',
  })
  @ApiAcceptedResponse({ type: AiRequestAcceptedView })
  @ApiErrors(400, 404, 415, 422)
  generate(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: AiCharacterBody,
  ): Promise<ServiceAnswer<AiRequestAcceptedView>> {
    const { description, character_id } = body.ai;
    return this.services.relay(
      characters.ai,
      { ...(description !== undefined ? { description } : {}), ...(character_id ? { character_id } : {}) },
      { caller },
    );
  }

  /** The Rails route for extending (`PATCH /api/v2/ai/:id/extend`), kept for its clients. */
  @Patch(':id/extend')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Extend a character you can see (the Rails route; same as POST with character_id)',
  })
  @ApiBody({ type: AiExtendBody, required: false })
  @ApiAcceptedResponse({ type: AiRequestAcceptedView })
  @ApiErrors(400, 404, 415, 422)
  extend(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @OptionalBody(AiExtendBody) body: AiExtendBody | undefined,
  ): Promise<ServiceAnswer<AiRequestAcceptedView>> {
    const description = body?.ai?.description;
    return this.services.relay(
      characters.ai,
      { character_id: id, ...(description !== undefined ? { description } : {}) },
      { caller },
    );
  }
}
