import { Body, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreatePartyBody,
  PartiesIndexQuery,
  PartiesIndexView,
  PartyMemberBody,
  PartyView,
  Subjects,
  UpdatePartyBody,
} from '@shotcaller/contracts';
import type { ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors } from '../shared/api-errors.js';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';

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

/** The parties of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('parties')
export class PartiesController extends RecordRoutes({
  key: 'party',
  imageOwner: 'Party',
  subjects: parties,
  fields: PARTY_FIELDS,
  view: PartyView,
  list: {
    query: PartiesIndexQuery,
    view: PartiesIndexView,
    summary:
      'Parties of your current campaign, paged (Rails index parameters, faction_id, juncture_id, character_id, vehicle_id), with their factions',
  },
  create: { body: CreatePartyBody, summary: 'Create a party in your current campaign (its gamemaster)' },
  get: { summary: 'One party of your current campaign, with its faction, juncture, characters and vehicles' },
  update: {
    body: UpdatePartyBody,
    summary: 'Change a party (the gamemaster); character_ids and vehicle_ids, when sent, replace its members',
  },
  delete: {
    summary:
      'Delete a party (the gamemaster); 422 associations_exist while it has members, unless force=true ends their memberships',
  },
}) {
  @Post(':id/members')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Add one character or vehicle of the campaign to the party (the gamemaster; partyClient.addCharacterToParty / addVehicleToParty). Answers the party',
  })
  @ApiCreatedResponse({ type: PartyView })
  @ApiErrors(400, 403, 404, 415, 422)
  addMember(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: PartyMemberBody,
  ): Promise<ServiceAnswer<PartyView>> {
    const member = { character_id: body.character_id, vehicle_id: body.vehicle_id };
    return this.services.relay(parties.addMember, { id, ...member }, { caller });
  }

  @Delete(':id/members/:member_id')
  @ApiOperation({
    summary:
      'Take a member out of the party (the gamemaster): member_id is the membership, or the character or vehicle in it. Answers the party',
  })
  @ApiOkResponse({ type: PartyView })
  @ApiErrors(403, 404)
  removeMember(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @RecordId('member_id') memberId: string,
  ): Promise<ServiceAnswer<PartyView>> {
    return this.services.relay(parties.removeMember, { id, member_id: memberId }, { caller });
  }
}
