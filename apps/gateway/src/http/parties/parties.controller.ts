import { Body, Query } from '@nestjs/common';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreatePartyBody,
  DeleteRecordQuery,
  PartiesIndexQuery,
  PartiesIndexView,
  PartyView,
  Subjects,
  UpdatePartyBody,
  type CreatePartyInput,
  type PartyChangesDto,
  type UpdatePartyInput,
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

const { parties } = Subjects.campaign;

const PARTY_FIELDS = [
  'name',
  'description',
  'active',
  'faction_id',
  'juncture_id',
  'character_ids',
  'vehicle_ids',
] as const;

/** The writable fields of a party body: the client sends the whole record back; the rest is dropped here. */
function writablePartyFields(input: CreatePartyInput | UpdatePartyInput): PartyChangesDto {
  return writableFields(input, PARTY_FIELDS);
}

/** The parties of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('parties')
export class PartiesController {
  constructor(private readonly services: ServiceClient) {}

  @ListRecordsRoute(
    PartiesIndexView,
    'Parties of your current campaign, paged (Rails index parameters, faction_id, juncture_id, character_id, vehicle_id), with their factions',
  )
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: PartiesIndexQuery,
  ): Promise<ServiceAnswer<PartiesIndexView>> {
    return this.services.relay(parties.list, query, { caller });
  }

  @CreateRecordRoute('party', PartyView, 'Create a party in your current campaign (its gamemaster)')
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreatePartyBody,
  ): Promise<ServiceAnswer<PartyView>> {
    const party = { name: body.party.name, ...writablePartyFields(body.party) };
    return this.services.relay(parties.create, { party }, { caller });
  }

  @GetRecordRoute(
    PartyView,
    'One party of your current campaign, with its faction, juncture, characters and vehicles',
  )
  get(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<ServiceAnswer<PartyView>> {
    return this.services.relay(parties.get, { id }, { caller });
  }

  @UpdateRecordRoute(
    'party',
    PartyView,
    'Change a party (the gamemaster); character_ids and vehicle_ids, when sent, replace its members',
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdatePartyBody,
  ): Promise<ServiceAnswer<PartyView>> {
    return this.services.relay(parties.update, { id, party: writablePartyFields(body.party) }, { caller });
  }

  @DeleteRecordRoute(
    'Delete a party (the gamemaster); 422 associations_exist while it has members, unless force=true ends their memberships',
  )
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() query: DeleteRecordQuery,
  ): Promise<void> {
    await this.services.request(parties.delete, deletePayload(id, query), { caller });
  }
}
