import { refusals, UUID } from '../characters/dto-checks.spec-support.js';
import { CreateJunctureBody, JuncturesIndexQuery, UpdateJunctureBody } from './juncture.dtos.js';

const create = (juncture: object) => refusals(CreateJunctureBody, { juncture }, 'juncture');
const update = (juncture: object) => refusals(UpdateJunctureBody, { juncture }, 'juncture');

/** The client's `defaultJuncture` (src/types/defaults.ts), named. */
const newJuncture = {
  entity_class: 'Juncture',
  id: '',
  name: 'Contemporary',
  description: '',
  faction: null,
  faction_id: null,
  active: true,
  image_url: '',
  characters: [],
  character_ids: [],
  notion_page_id: null,
  last_synced_to_notion_at: null,
  created_at: '',
  updated_at: '',
};

describe('juncture bodies', () => {
  it("accepts the client's default juncture and a faction change", () => {
    expect(create(newJuncture)).toEqual({});
    expect(update({ faction_id: UUID.a, faction: { id: UUID.a, name: 'The Dragons' } })).toEqual({});
    expect(update({ faction_id: null })).toEqual({});
  });

  it('refuses a bad faction, a missing name and unknown fields', () => {
    expect(update({ faction_id: 42 })).toEqual({ faction_id: ['is invalid'] });
    expect(create({ ...newJuncture, name: undefined })).toEqual({ name: ["can't be blank"] });
    expect(update({ era: 1850 })).toEqual({ era: ['is not a permitted attribute'] });
  });

  it('filters by faction id or __NONE__', () => {
    const query = (params: object) => refusals(JuncturesIndexQuery, params, undefined, { query: true });
    expect(query({ faction_id: '__NONE__' })).toEqual({});
    expect(query({ faction_id: 'none' })).toEqual({ faction_id: ['must be an id or __NONE__'] });
  });
});
