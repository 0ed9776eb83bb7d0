import { CharacterLiteView } from '../characters/character.lite.views.js';
import { refusals, UUID } from '../characters/dto-checks.spec-support.js';
import { CreateFactionBody, FactionsIndexQuery, UpdateFactionBody } from './faction.dtos.js';
import { FactionView } from './faction.views.js';

/** Where @nestjs/swagger keeps a property's ApiProperty options. */
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

const create = (faction: object) => refusals(CreateFactionBody, { faction }, 'faction');
const update = (faction: object) => refusals(UpdateFactionBody, { faction }, 'faction');

/** The client's `defaultFaction` (src/types/defaults.ts), named. */
const newFaction = {
  entity_class: 'Faction',
  id: '',
  name: 'The Dragons',
  description: '',
  characters: [],
  vehicles: [],
  active: true,
  parties: [],
  sites: [],
  junctures: [],
  character_ids: [],
  vehicle_ids: [],
  party_ids: [],
  site_ids: [],
  juncture_ids: [],
  image_url: '',
  created_at: '',
  updated_at: '',
};

describe('faction bodies', () => {
  it("accepts the client's default faction and the member lists it sends back", () => {
    expect(create(newFaction)).toEqual({});
    expect(update({ character_ids: [UUID.a, UUID.b], site_ids: [UUID.c] })).toEqual({});
  });

  it('refuses bad member lists, long names and unknown fields', () => {
    expect(update({ character_ids: UUID.a })).toEqual({ character_ids: ['must be a list'] });
    expect(update({ party_ids: ['x'] })).toEqual({ party_ids: ['must be a list of ids'] });
    expect(update({ character_ids: Array.from({ length: 501 }, () => UUID.a) })).toEqual({
      character_ids: ['must hold at most 500 ids'],
    });
    expect(update({ name: 'x'.repeat(256) })).toEqual({ name: ['is too long (maximum is 255 characters)'] });
    expect(update({ description: null, active: false })).toEqual({});
    expect(update({ motto: 'x' })).toEqual({ motto: ['is not a permitted attribute'] });
  });

  it('takes the list parameters', () => {
    const query = (params: object) => refusals(FactionsIndexQuery, params, undefined, { query: true });
    expect(query({ sort: 'name', order: 'asc', autocomplete: 'true', per_page: '200' })).toEqual({});
    expect(query({ order: 'sideways' })).toEqual({
      order: ['order must be one of the following values: asc, desc'],
    });
  });
});

describe('faction view', () => {
  it('describes its members as full character entries in the OpenAPI document', () => {
    const metadata = Reflect.getMetadata(SWAGGER_PROPERTY, FactionView.prototype, 'characters') as {
      type: unknown;
    };
    expect(metadata.type).toBe(CharacterLiteView);
  });
});
