import { refusals, UUID } from '../characters/dto-checks.spec-support.js';
import { CreateSiteBody, SitesIndexQuery, UpdateSiteBody } from './site.dtos.js';

const create = (site: object) => refusals(CreateSiteBody, { site }, 'site');
const update = (site: object) => refusals(UpdateSiteBody, { site }, 'site');

/** The client's `defaultSite` (src/types/defaults.ts), named. */
const newSite = {
  entity_class: 'Site',
  id: '',
  name: 'The Dragon Temple',
  description: '',
  faction: null,
  faction_id: null,
  image_url: '',
  characters: [],
  character_ids: [],
  created_at: '',
  updated_at: '',
};

describe('site bodies', () => {
  it("accepts the client's default site and attunement lists", () => {
    expect(create(newSite)).toEqual({});
    expect(update({ character_ids: [UUID.a], juncture_id: UUID.b, secret: false })).toEqual({});
  });

  it('refuses bad links and unknown fields', () => {
    expect(update({ juncture_id: 'ancient' })).toEqual({ juncture_id: ['is invalid'] });
    expect(update({ character_ids: [null] })).toEqual({ character_ids: ['must be a list of ids'] });
    expect(update({ feng_shui: 3 })).toEqual({ feng_shui: ['is not a permitted attribute'] });
  });

  it('takes the list filters', () => {
    const query = (params: object) => refusals(SitesIndexQuery, params, undefined, { query: true });
    expect(query({ faction_id: UUID.a, juncture_id: '__NONE__', character_id: UUID.b })).toEqual({});
    expect(query({ character_id: '__NONE__x' })).toEqual({ character_id: ['must be an id or __NONE__'] });
  });
});
