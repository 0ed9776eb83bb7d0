import type { RuleResult } from '../shared/values.rules.js';
import {
  chaseStateActionValues,
  chaseStateOf,
  mergeVehicleActionValues,
  replaceVehicleDescription,
  vehicleValuesToStore,
} from './vehicle.rules.js';

function valueOf<T>(result: RuleResult<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf<T>(result: RuleResult<T>) {
  if (result.ok) throw new Error(`expected field errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

/** Vehicle::DEFAULT_ACTION_VALUES of the Rails model. */
const RAILS_DEFAULT_ACTION_VALUES = {
  Acceleration: 0,
  Handling: 0,
  Squeal: 0,
  Frame: 0,
  Crunch: 0,
  'Condition Points': 0,
  'Chase Points': 0,
  Pursuer: 'true',
  Type: 'PC',
  Archetype: 'Car',
};

describe('vehicle action_values', () => {
  it('fills the Rails defaults on a new vehicle', () => {
    expect(valueOf(mergeVehicleActionValues({}))).toEqual(RAILS_DEFAULT_ACTION_VALUES);
  });

  it('stores numeric text as integers and merges into the stored values', () => {
    const sedan = valueOf(mergeVehicleActionValues({ Acceleration: '7', Handling: 8, Frame: 6 }));
    const chased = valueOf(mergeVehicleActionValues({ 'Chase Points': '12', Pursuer: 'false' }, sedan));
    expect(chased).toEqual({
      ...RAILS_DEFAULT_ACTION_VALUES,
      Acceleration: 7,
      Handling: 8,
      Frame: 6,
      'Chase Points': 12,
      Pursuer: 'false',
    });
  });

  it("accepts the client's blank vehicle, keeping its Position", () => {
    const blank = {
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
    };
    expect(valueOf(mergeVehicleActionValues(blank))).toEqual({ ...RAILS_DEFAULT_ACTION_VALUES, ...blank });
  });

  it('refuses a non-numeric number, an unknown Pursuer or Type, and nesting', () => {
    expect(
      errorsOf(mergeVehicleActionValues({ Crunch: 'heavy', Pursuer: 'maybe', Type: 'Truck', Frame: [8] })),
    ).toEqual({
      'action_values.Crunch': ['is not a number'],
      'action_values.Pursuer': ['is not included in the list'],
      'action_values.Type': ['is not included in the list'],
      'action_values.Frame': ['must be a single value, not a list or an object'],
    });
  });
});

describe('vehicle description', () => {
  it('fills Size, Weight, Color and Appearance with ""', () => {
    expect(valueOf(replaceVehicleDescription({ Color: 'red' }))).toEqual({
      Size: '',
      Weight: '',
      Color: 'red',
      Appearance: '',
    });
  });

  it("keeps other keys: the client's blank vehicle sends a character's description keys", () => {
    expect(valueOf(replaceVehicleDescription({ Nicknames: '', Age: '' }))).toMatchObject({
      Nicknames: '',
      Age: '',
    });
  });
});

describe('vehicleValuesToStore', () => {
  it('keeps what an update leaves out and replaces the description it sends', () => {
    const stored = valueOf(
      vehicleValuesToStore({ action_values: { Squeal: 9 }, description: { Size: 'Large' } }),
    );
    const updated = valueOf(vehicleValuesToStore({ description: { Color: 'black' } }, stored));
    expect(updated.action_values).toEqual(stored.action_values);
    expect(updated.description).toEqual({ Size: '', Weight: '', Color: 'black', Appearance: '' });
  });

  it('reports both fields at once', () => {
    expect(errorsOf(vehicleValuesToStore({ action_values: { Squeal: 'loud' }, description: [] }))).toEqual({
      'action_values.Squeal': ['is not a number'],
      description: ['must be an object'],
    });
  });
});

describe('chase state', () => {
  it('reads the chase numbers from action_values, with defaults for what is missing', () => {
    expect(
      chaseStateOf({ 'Chase Points': 12, 'Condition Points': 3, Pursuer: 'false', Position: 'near' }),
    ).toEqual({
      chase_points: 12,
      condition_points: 3,
      position: 'near',
      pursuer: 'false',
    });
    expect(chaseStateOf({})).toEqual({
      chase_points: 0,
      condition_points: 0,
      position: null,
      pursuer: 'true',
    });
  });

  it('sets only the keys a change sends, merged like any action_values update', () => {
    const stored = valueOf(mergeVehicleActionValues({ Acceleration: 7 }));
    const changed = valueOf(
      mergeVehicleActionValues(chaseStateActionValues({ chase_points: 5, position: 'far' }), stored),
    );
    expect(changed).toEqual({ ...stored, 'Chase Points': 5, Position: 'far' });
    expect(chaseStateActionValues({})).toEqual({});
  });
});
