import { accepted, refusals, UUID } from '../characters/dto-checks.spec-support.js';
import {
  CreateVehicleBody,
  UpdateVehicleBody,
  VehicleChaseStateBody,
  VehiclesIndexQuery,
} from './vehicle.dtos.js';

const create = (vehicle: object) => refusals(CreateVehicleBody, { vehicle }, 'vehicle');
const update = (vehicle: object) => refusals(UpdateVehicleBody, { vehicle }, 'vehicle');

/** The client's `defaultVehicle` (src/types/defaults.ts), named, as the create form sends it. */
const newVehicle = {
  entity_class: 'Vehicle',
  id: '',
  name: 'Black Sedan',
  active: true,
  category: 'vehicle',
  current_shot: '',
  impairments: 0,
  color: '',
  faction_id: null,
  faction: { id: '', name: '', characters: [], vehicles: [], active: true, image_url: '' },
  action_values: {
    Acceleration: 0,
    Handling: 0,
    Squeal: 0,
    Frame: 0,
    Crunch: 0,
    'Chase Points': 0,
    'Condition Points': 0,
    Pursuer: 'true',
    Position: 'far',
    Type: 'Featured Foe',
  },
  description: { Nicknames: '', Age: '', Appearance: '', 'Melodramatic Hook': '' },
  schticks: [],
  skills: {},
  advancements: [],
  sites: [],
  weapons: [],
  count: 0,
  shot_id: '',
  driver: { name: '', category: 'character', action_values: { Type: 'Featured Foe' }, faction: { id: '' } },
  image_url: '',
  task: false,
  notion_page_id: null,
  wealth: '',
  juncture_id: null,
  juncture: null,
  created_at: '',
  updated_at: '',
  user_id: '',
};

describe('vehicle bodies', () => {
  it("accepts the client's default vehicle, driver and character-only keys included", () => {
    expect(create(newVehicle)).toEqual({});
  });

  it('takes the vehicle numbers as numbers or text, Pursuer and Position as the client writes them', () => {
    const changes = {
      action_values: { Acceleration: '8', 'Chase Points': 12, Pursuer: 'false', Position: 'near' },
    };
    expect(accepted(UpdateVehicleBody, { vehicle: changes }).vehicle.action_values).toEqual({
      Acceleration: 8,
      'Chase Points': 12,
      Pursuer: 'false',
      Position: 'near',
    });
  });

  it('refuses bad chase values, nesting and unknown fields', () => {
    expect(update({ action_values: { Position: 'close' } })).toEqual({
      action_values: ['"Position" must be one of: near, far'],
    });
    expect(update({ action_values: { Pursuer: true } })).toEqual({
      action_values: ['"Pursuer" must be one of: true, false'],
    });
    expect(update({ action_values: { Frame: 'heavy' } })).toEqual({
      action_values: ['"Frame" must be a whole number up to 999999'],
    });
    expect(update({ description: { Size: { length: 5 } } })).toEqual({
      description: ['"Size" must be text'],
    });
    expect(update({ horsepower: 300 })).toEqual({ horsepower: ['is not a permitted attribute'] });
    expect(update({ name: '' })).toEqual({ name: ["can't be blank"] });
    expect(update({ user_id: 'me' })).toEqual({ user_id: ['is invalid'] });
  });

  it('takes the chase state route body', () => {
    const body = {
      chase_state: { chase_points: '12', condition_points: 3, position: 'near', pursuer: 'true' },
    };
    expect(refusals(VehicleChaseStateBody, body, 'chase_state')).toEqual({});
    expect(refusals(VehicleChaseStateBody, { chase_state: { chase_points: -1 } }, 'chase_state')).toEqual({
      chase_points: ['must be at least 0'],
    });
  });
});

describe('vehicles index query', () => {
  const query = (params: object) => refusals(VehiclesIndexQuery, params, undefined, { query: true });

  it('accepts the vehicles page parameters and the filters', () => {
    expect(query({ page: '1', sort: 'name', order: 'asc', type: 'Boss', archetype: '__NONE__' })).toEqual({});
    expect(query({ faction_id: UUID.a, fight_id: UUID.b, party_id: '' })).toEqual({});
    expect(query({ sort: 'speed' })).toEqual({
      sort: ['must be one of: name, type, archetype, created_at, updated_at'],
    });
    expect(query({ archetype: 'x'.repeat(101) })).toEqual({
      archetype: ['is too long (maximum is 100 characters)'],
    });
  });
});
