import {
  AddPartyToFightPayload,
  CreateFightPayload,
  CurrentFightPayload,
  DeleteRecordPayload,
  EndFightPayload,
  FightsIndexQuery,
  LogFightEventPayload,
  RecordIdPayload,
  Subjects,
  UpdateFightPayload,
  type Actor,
  type FightEventView,
  type FightsIndexView,
  type FightView,
  type PartyView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers, type Caller } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { FightsService } from './fights.service.js';

const { fights } = Subjects.campaign;

@RpcHandlers()
export class FightsHandlers {
  constructor(private readonly fights: FightsService) {}

  @RpcHandler(fights.list)
  list(query: FightsIndexQuery, @RpcActor() actor: Actor): Promise<FightsIndexView> {
    return this.fights.list(actor, query);
  }

  @RpcHandler(fights.get)
  get({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<FightView> {
    return this.fights.get(actor, id);
  }

  @RpcHandler(fights.create)
  create(
    { fight }: CreateFightPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<FightView> {
    return this.fights.create(actor, fight, caller);
  }

  @RpcHandler(fights.update)
  update(
    { id, fight }: UpdateFightPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<FightView> {
    return this.fights.update(actor, id, fight, caller);
  }

  @RpcHandler(fights.delete)
  delete({ id }: DeleteRecordPayload, @RpcActor() actor: Actor): Promise<{ deleted: true }> {
    return this.fights.delete(actor, id);
  }

  @RpcHandler(fights.endFight)
  endFight(
    { id, notes }: EndFightPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<FightView> {
    return this.fights.endFight(actor, id, notes, caller);
  }

  @RpcHandler(fights.touch)
  touch({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<FightView> {
    return this.fights.touch(actor, id);
  }

  @RpcHandler(fights.current)
  current({ campaign_id }: CurrentFightPayload, @RpcActor() actor: Actor): Promise<FightView | null> {
    return this.fights.current(actor, campaign_id);
  }

  @RpcHandler(fights.addParty)
  addParty({ party_id, fight_id }: AddPartyToFightPayload, @RpcActor() actor: Actor): Promise<PartyView> {
    return this.fights.addParty(actor, party_id, fight_id);
  }

  @RpcHandler(fights.events)
  events({ id }: RecordIdPayload, @RpcActor() actor: Actor): Promise<FightEventView[]> {
    return this.fights.events(actor, id);
  }

  @RpcHandler(fights.logEvent)
  logEvent({ id, fight_event }: LogFightEventPayload, @RpcActor() actor: Actor): Promise<FightEventView> {
    return this.fights.logEvent(actor, id, fight_event);
  }
}
