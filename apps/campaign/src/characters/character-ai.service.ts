import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  AiJobNames,
  AiRequestMessages,
  JobQueues,
  ServiceError,
  Subjects,
  type Actor,
  type AiCharacterRequest,
  type AiRequestAcceptedView,
  type ExtendCharacterData,
  type GenerateCharacterData,
} from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import { unitOfWork } from '@shotcaller/persistence';
import { CampaignRecordChanges } from '../shared/campaign-records.service.js';
import { characterToExtend } from './character-sheet.rules.js';
import { canSeeTemplates } from './character.rules.js';
import { Character } from './character.entity.js';

/**
 * AI character generation for the caller's current campaign, done by the jobs service's `ai` queue: any member
 * may ask (as in the Rails API, which only required a current campaign), and extend any character they can see.
 * Nothing is written here: the job publishes its preview on `campaign:<id>` for the user to review and save.
 */
@Injectable()
export class CharacterAiService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly services: ServiceClient,
    private readonly records: CampaignRecordChanges,
  ) {}

  /**
   * Queues the job and answers once the jobs service stored it; when it does not (not running, Redis down), the
   * error is the caller's (503), so no request is accepted that nothing will do.
   */
  async request(actor: Actor, request: AiCharacterRequest, caller?: Caller): Promise<AiRequestAcceptedView> {
    const em = unitOfWork(this.orm);
    const { campaign, standing } = await this.records.visibleCurrentCampaign(em, actor);
    if (request.character_id === undefined) {
      const data: GenerateCharacterData = {
        campaign_id: campaign.id,
        description: request.description ?? '',
      };
      await this.enqueue(AiJobNames.generateCharacter, data, caller);
      return { message: AiRequestMessages.generate };
    }
    const character = await em.findOne(Character, { id: request.character_id, campaign: campaign.id });
    if (!character || (character.isTemplate && !canSeeTemplates(standing))) throw ServiceError.notFound();
    const data: ExtendCharacterData = {
      campaign_id: campaign.id,
      character: characterToExtend(character),
      ...(request.description !== undefined ? { description: request.description } : {}),
    };
    await this.enqueue(AiJobNames.extendCharacter, data, caller);
    return { message: AiRequestMessages.extend };
  }

  private async enqueue(
    name: string,
    data: GenerateCharacterData | ExtendCharacterData,
    caller?: Caller,
  ): Promise<void> {
    await this.services.request(
      Subjects.jobs.enqueue,
      { queue: JobQueues.ai, name, data: { ...data } },
      caller ? { caller } : {},
    );
  }
}
