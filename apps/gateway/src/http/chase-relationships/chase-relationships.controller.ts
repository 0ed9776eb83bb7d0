import { Body, Query } from '@nestjs/common';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  ChaseRelationshipAnswerView,
  ChaseRelationshipsIndexQuery,
  ChaseRelationshipsIndexView,
  CreateChaseRelationshipBody,
  Subjects,
  UpdateChaseRelationshipBody,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import {
  CreateRecordRoute,
  DeleteRecordRoute,
  GetRecordRoute,
  ListRecordsRoute,
  RecordsController,
  UpdateRecordRoute,
} from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';
import { writableFields } from '../shared/writable-fields.js';

const { chaseRelationships } = Subjects.campaign;

/**
 * Who chases whom in the fights of your current campaign, and how near: its members read them, its gamemaster
 * starts, changes and ends them (one active chase per pursuer, evader and fight). Answers are wrapped as Rails
 * wrapped them: `{chase_relationships: [...]}` and `{chase_relationship: {...}}`.
 */
@RecordsController('chase_relationships')
export class ChaseRelationshipsController {
  constructor(private readonly services: ServiceClient) {}

  @ListRecordsRoute(
    ChaseRelationshipsIndexView,
    'Chases of your current campaign, by fight_id or vehicle_id; active ones unless active=false',
  )
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ChaseRelationshipsIndexQuery,
  ): Promise<ServiceAnswer<ChaseRelationshipsIndexView>> {
    return this.services.relay(chaseRelationships.list, query, { caller });
  }

  @CreateRecordRoute(
    'chase_relationship',
    ChaseRelationshipAnswerView,
    'Start a chase between two vehicles of a fight (the gamemaster); 422 while the pair already has an active one there',
  )
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateChaseRelationshipBody,
  ): Promise<ServiceAnswer<ChaseRelationshipAnswerView>> {
    return this.services.relay(
      chaseRelationships.create,
      { chase_relationship: body.chase_relationship },
      { caller },
    );
  }

  @GetRecordRoute(ChaseRelationshipAnswerView, 'One chase of your current campaign, with its two vehicles')
  get(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<ServiceAnswer<ChaseRelationshipAnswerView>> {
    return this.services.relay(chaseRelationships.get, { id }, { caller });
  }

  @UpdateRecordRoute(
    'chase_relationship',
    ChaseRelationshipAnswerView,
    'Change how near the chase is, or end it (active false) or take it up again (the gamemaster)',
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateChaseRelationshipBody,
  ): Promise<ServiceAnswer<ChaseRelationshipAnswerView>> {
    const changes = writableFields(body.chase_relationship, ['position', 'active'] as const);
    return this.services.relay(chaseRelationships.update, { id, chase_relationship: changes }, { caller });
  }

  @DeleteRecordRoute('End a chase (the gamemaster): it stays, inactive, as Rails kept it')
  async delete(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<void> {
    await this.services.request(chaseRelationships.delete, { id }, { caller });
  }
}
