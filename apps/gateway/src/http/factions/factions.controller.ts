import { Body, Query } from '@nestjs/common';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateFactionBody,
  DeleteRecordQuery,
  FactionsIndexQuery,
  FactionsIndexView,
  FactionView,
  Subjects,
  UpdateFactionBody,
  type CreateFactionInput,
  type FactionChangesDto,
  type UpdateFactionInput,
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

const { factions } = Subjects.campaign;

const FACTION_FIELDS = [
  'name',
  'description',
  'active',
  'character_ids',
  'vehicle_ids',
  'party_ids',
  'site_ids',
  'juncture_ids',
] as const;

/** The writable fields of a faction body: the client sends the whole record back; the rest is dropped here. */
function writableFactionFields(input: CreateFactionInput | UpdateFactionInput): FactionChangesDto {
  return writableFields(input, FACTION_FIELDS);
}

/** The factions of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('factions')
export class FactionsController {
  constructor(private readonly services: ServiceClient) {}

  @ListRecordsRoute(FactionsIndexView, 'Factions of your current campaign, paged (Rails index parameters)')
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: FactionsIndexQuery,
  ): Promise<ServiceAnswer<FactionsIndexView>> {
    return this.services.relay(factions.list, query, { caller });
  }

  @CreateRecordRoute('faction', FactionView, 'Create a faction in your current campaign (its gamemaster)')
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateFactionBody,
  ): Promise<ServiceAnswer<FactionView>> {
    const faction = { name: body.faction.name, ...writableFactionFields(body.faction) };
    return this.services.relay(factions.create, { faction }, { caller });
  }

  @GetRecordRoute(FactionView, 'One faction of your current campaign, with what belongs to it')
  get(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<ServiceAnswer<FactionView>> {
    return this.services.relay(factions.get, { id }, { caller });
  }

  @UpdateRecordRoute(
    'faction',
    FactionView,
    'Change a faction (the gamemaster); each *_ids list sent replaces that list',
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateFactionBody,
  ): Promise<ServiceAnswer<FactionView>> {
    return this.services.relay(
      factions.update,
      { id, faction: writableFactionFields(body.faction) },
      { caller },
    );
  }

  @DeleteRecordRoute(
    'Delete a faction (the gamemaster); 422 associations_exist while records belong to it, unless force=true unlinks them',
  )
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() query: DeleteRecordQuery,
  ): Promise<void> {
    await this.services.request(factions.delete, deletePayload(id, query), { caller });
  }
}
