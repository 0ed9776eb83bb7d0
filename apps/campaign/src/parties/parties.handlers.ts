import {
  AddPartyMemberPayload,
  CreatePartyPayload,
  DeleteRecordPayload,
  RecordIdPayload,
  PartiesIndexQuery,
  RemovePartyMemberPayload,
  Subjects,
  UpdatePartyPayload,
  type Actor,
  type PartiesIndexView,
  type PartyView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { PartiesService } from './parties.service.js';

const { parties } = Subjects.campaign;

@RpcHandlers()
export class PartiesHandlers {
  constructor(private readonly parties: PartiesService) {}

  @RpcHandler(parties.list)
  list(query: PartiesIndexQuery, @RpcActor() actor: Actor): Promise<PartiesIndexView> {
    return this.parties.list(actor, query);
  }

  @RpcHandler(parties.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<PartyView> {
    return this.parties.get(actor, id);
  }

  @RpcHandler(parties.create)
  create({ party }: CreatePartyPayload, @RpcActor() actor: Actor): Promise<PartyView> {
    return this.parties.create(actor, party);
  }

  @RpcHandler(parties.update)
  update({ id, party }: UpdatePartyPayload, @RpcActor() actor: Actor): Promise<PartyView> {
    return this.parties.update(actor, id, party);
  }

  @RpcHandler(parties.addMember)
  addMember({ id, ...member }: AddPartyMemberPayload, @RpcActor() actor: Actor): Promise<PartyView> {
    return this.parties.addMember(actor, id, member);
  }

  @RpcHandler(parties.removeMember)
  removeMember({ id, member_id }: RemovePartyMemberPayload, @RpcActor() actor: Actor): Promise<PartyView> {
    return this.parties.removeMember(actor, id, member_id);
  }

  @RpcHandler(parties.delete)
  delete({ id, force }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.parties.delete(actor, id, force ?? false);
  }
}
