import { refusals, UUID } from '../characters/dto-checks.spec-support.js';
import {
  CreateSchtickBody,
  SchtickLabelsQuery,
  SchticksIndexQuery,
  UpdateSchtickBody,
} from './schtick.dtos.js';

const create = (schtick: object) => refusals(CreateSchtickBody, { schtick }, 'schtick');
const update = (schtick: object) => refusals(UpdateSchtickBody, { schtick }, 'schtick');

/** The client's `defaultSchtick` (src/types/defaults.ts), filled in as the form sends it. */
const newSchtick = {
  entity_class: 'Schtick',
  id: '',
  name: 'Both Guns Blazing',
  description: '<p>Fire two guns at once.</p>',
  campaign_id: '',
  category: 'Guns',
  path: 'Path of the Bullet',
  prerequisite_id: null,
  prerequisite: null,
  color: '',
  image_url: '',
  created_at: '',
  updated_at: '',
};

describe('schtick bodies', () => {
  it("accepts the client's schtick form", () => {
    expect(create(newSchtick)).toEqual({});
    expect(
      update({ ...newSchtick, id: UUID.a, prerequisite_id: UUID.b, prerequisite: { id: UUID.b, name: 'x' } }),
    ).toEqual({});
  });

  it('takes a listed category, or any on the Core path', () => {
    expect(create({ ...newSchtick, category: 'Transformed Animal' })).toEqual({});
    expect(create({ ...newSchtick, category: 'Killer', path: 'Core' })).toEqual({});
    expect(create({ ...newSchtick, category: 'Killer' })).toEqual({
      category: [
        'must be one of: Guns, Martial Arts, Driving, Sorcery, Creature, Transformed Animal, Gene Freak, Cyborg, Foe (any, on the Core path)',
      ],
    });
    expect(create({ ...newSchtick, category: '' })).toEqual({ category: ["can't be blank"] });
  });

  it('refuses wrong types and unknown fields', () => {
    expect(update({ bonus: 'yes' })).toEqual({ bonus: ['must be true or false'] });
    expect(update({ archetypes: ['Killer', 7] })).toEqual({ archetypes: ['must be a list of text'] });
    expect(update({ prerequisite_id: 'first' })).toEqual({ prerequisite_id: ['is invalid'] });
    expect(update({ level: 2 })).toEqual({ level: ['is not a permitted attribute'] });
    expect(update({ path: null, color: null, prerequisite_id: null })).toEqual({});
    expect(update({ archetypes: null })).toEqual({ archetypes: ["can't be null"] });
  });
});

describe('schtick lists', () => {
  const query = (dto: new () => object, params: object) => refusals(dto, params, undefined, { query: true });

  it('accepts the schticks page parameters and filters', () => {
    expect(
      query(SchticksIndexQuery, { sort: 'path', category: 'Guns', path: '', character_id: UUID.a }),
    ).toEqual({});
    expect(query(SchticksIndexQuery, { sort: 'power' })).toEqual({
      sort: ['must be one of: name, category, path, created_at, updated_at'],
    });
    expect(query(SchtickLabelsQuery, { category: 'Guns', search: 'bul' })).toEqual({});
  });
});
