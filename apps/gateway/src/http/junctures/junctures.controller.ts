import { Body, Query } from '@nestjs/common';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateJunctureBody,
  DeleteRecordQuery,
  JuncturesIndexQuery,
  JuncturesIndexView,
  JunctureView,
  Subjects,
  UpdateJunctureBody,
  type CreateJunctureInput,
  type JunctureChangesDto,
  type UpdateJunctureInput,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import {
  CreateRecordRoute,
  DeleteRecordRoute,
  deletePayload,
  GetRecordRoute,
  ListRecordsRoute,
  RecordsController,
  UpdateRecordRoute,
} from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';
import { writableFields } from '../shared/writable-fields.js';

const { junctures } = Subjects.campaign;

const JUNCTURE_FIELDS = ['name', 'description', 'active', 'faction_id', 'character_ids'] as const;

/**
 * The writable fields of a juncture body: the client sends the whole record back; the rest is dropped here, and
 * so is `vehicle_ids` (vehicles have no juncture).
 */
function writableJunctureFields(input: CreateJunctureInput | UpdateJunctureInput): JunctureChangesDto {
  return writableFields(input, JUNCTURE_FIELDS);
}

/** The junctures of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('junctures')
export class JuncturesController {
  constructor(private readonly services: ServiceClient) {}

  @ListRecordsRoute(
    JuncturesIndexView,
    'Junctures of your current campaign, paged (Rails index parameters, faction_id), with their factions',
  )
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: JuncturesIndexQuery,
  ): Promise<ServiceAnswer<JuncturesIndexView>> {
    return this.services.relay(junctures.list, query, { caller });
  }

  @CreateRecordRoute('juncture', JunctureView, 'Create a juncture in your current campaign (its gamemaster)')
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateJunctureBody,
  ): Promise<ServiceAnswer<JunctureView>> {
    const juncture = { name: body.juncture.name, ...writableJunctureFields(body.juncture) };
    return this.services.relay(junctures.create, { juncture }, { caller });
  }

  @GetRecordRoute(JunctureView, 'One juncture of your current campaign, with its faction and characters')
  get(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
  ): Promise<ServiceAnswer<JunctureView>> {
    return this.services.relay(junctures.get, { id }, { caller });
  }

  @UpdateRecordRoute(
    'juncture',
    JunctureView,
    'Change a juncture (the gamemaster); character_ids, when sent, replaces its characters',
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateJunctureBody,
  ): Promise<ServiceAnswer<JunctureView>> {
    return this.services.relay(
      junctures.update,
      { id, juncture: writableJunctureFields(body.juncture) },
      { caller },
    );
  }

  @DeleteRecordRoute(
    'Delete a juncture (the gamemaster); 422 associations_exist while characters, sites or parties belong to it, unless force=true unlinks them',
  )
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() query: DeleteRecordQuery,
  ): Promise<void> {
    await this.services.request(junctures.delete, deletePayload(id, query), { caller });
  }
}
