import { refusals, UUID } from '../characters/dto-checks.spec-support.js';
import { CreatePartyBody, PartiesIndexQuery, PartyMemberBody, UpdatePartyBody } from './party.dtos.js';

const create = (party: object) => refusals(CreatePartyBody, { party }, 'party');
const update = (party: object) => refusals(UpdatePartyBody, { party }, 'party');

/** The client's `defaultParty` (src/types/defaults.ts), named. */
const newParty = {
  entity_class: 'Party',
  id: '',
  name: 'The Crew',
  description: '',
  faction: null,
  faction_id: null,
  characters: [],
  vehicles: [],
  character_ids: [],
  vehicle_ids: [],
  image_url: '',
  created_at: '',
  updated_at: '',
};

describe('party bodies', () => {
  it("accepts the client's default party and member lists", () => {
    expect(create(newParty)).toEqual({});
    expect(update({ character_ids: [UUID.a], vehicle_ids: [UUID.b], juncture_id: null })).toEqual({});
  });

  it('refuses bad member lists and unknown fields', () => {
    expect(update({ vehicle_ids: 'all' })).toEqual({ vehicle_ids: ['must be a list'] });
    expect(update({ leader_id: UUID.a })).toEqual({ leader_id: ['is not a permitted attribute'] });
  });

  it('adds one member at a time: a character or a vehicle', () => {
    expect(refusals(PartyMemberBody, { character_id: UUID.a })).toEqual({});
    expect(refusals(PartyMemberBody, { vehicle_id: UUID.b })).toEqual({});
    expect(refusals(PartyMemberBody, {})).toEqual({ character_id: ['must name a character or a vehicle'] });
    expect(refusals(PartyMemberBody, { character_id: UUID.a, vehicle_id: UUID.b })).toEqual({
      vehicle_id: ['must not be sent with character_id'],
    });
    expect(refusals(PartyMemberBody, { character_id: 'me' })).toEqual({ character_id: ['is invalid'] });
  });

  it('takes the list filters', () => {
    const query = (params: object) => refusals(PartiesIndexQuery, params, undefined, { query: true });
    expect(query({ faction_id: '__NONE__', vehicle_id: UUID.a, sort: 'created_at' })).toEqual({});
    expect(query({ sort: 'size' })).toEqual({ sort: ['must be one of: name, created_at, updated_at'] });
  });
});
