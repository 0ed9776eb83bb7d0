import { accepted, refusals, UUID } from '../characters/dto-checks.spec-support.js';
import {
  ChaseRelationshipsIndexQuery,
  CreateChaseRelationshipBody,
  UpdateChaseRelationshipBody,
} from './chase-relationship.dtos.js';
import {
  CreateCharacterEffectBody,
  CreateEffectBody,
  UpdateCharacterEffectBody,
  UpdateEffectBody,
} from './effect.dtos.js';

const effect = (body: object, dto: new () => object = CreateEffectBody) =>
  refusals(dto, { effect: body }, 'effect');
const onShot = (body: object, dto: new () => object = CreateCharacterEffectBody) =>
  refusals(dto, { character_effect: body }, 'character_effect');
const chase = (body: object, dto: new () => object = CreateChaseRelationshipBody) =>
  refusals(dto, { chase_relationship: body }, 'chase_relationship');

/** The client's `defaultEffect` and `defaultCharacterEffect` (src/types/defaults.ts), filled in. */
const newEffect = {
  name: 'Smoke',
  description: '',
  severity: 'error',
  start_sequence: 1,
  end_sequence: 2,
  start_shot: 15,
  end_shot: 15,
};
const newCharacterEffect = {
  name: 'Dodge',
  description: '',
  severity: 'info',
  character_id: '',
  shot_id: UUID.a,
};

describe('effect bodies', () => {
  it("accept the client's new effect and its whole effect sent back", () => {
    expect(effect(newEffect)).toEqual({});
    expect(effect({ ...newEffect, id: UUID.a, fight_id: UUID.b }, UpdateEffectBody)).toEqual({});
    expect(effect({ start_shot: '12', end_sequence: null }, UpdateEffectBody)).toEqual({});
  });

  it('refuse severities off the list, shots off the track, negative or fractional sequences', () => {
    expect(effect({ ...newEffect, severity: 'fatal' })).toEqual({
      severity: ['must be one of: error, info, success, warning'],
    });
    expect(effect({ ...newEffect, start_shot: 31, end_shot: -11 })).toEqual({
      start_shot: ['must be at most 30'],
      end_shot: ['must be at least -10'],
    });
    expect(effect({ ...newEffect, start_sequence: -1, end_sequence: 1.5 })).toEqual({
      start_sequence: ['must be at least 0'],
      end_sequence: ['must be a whole number'],
    });
    expect(effect({ description: 'no name' })).toEqual({ name: ["can't be blank"] });
    expect(effect({ name: null }, UpdateEffectBody)).toEqual({ name: ["can't be null"] });
  });
});

describe('character effect bodies', () => {
  it("accept the client's new effect, changes like +1 or -2, and blanks as no change", () => {
    expect(onShot(newCharacterEffect)).toEqual({});
    expect(onShot({ ...newCharacterEffect, action_value: 'Defense', change: '+1' })).toEqual({});
    expect(onShot({ change: '-2', vehicle_id: UUID.b }, UpdateCharacterEffectBody)).toEqual({});
    const blank = accepted(CreateCharacterEffectBody, {
      character_effect: { ...newCharacterEffect, action_value: ' ', change: '' },
    });
    expect(blank.character_effect).toMatchObject({ action_value: null, change: null });
  });

  it('refuse changes that are not numbers, long action values and a missing shot', () => {
    expect(onShot({ ...newCharacterEffect, change: 'a lot' })).toEqual({
      change: ['must be a whole number, signed to adjust ("+1", "-2")'],
    });
    expect(onShot({ ...newCharacterEffect, action_value: 'x'.repeat(101) })).toEqual({
      action_value: ['is too long (maximum is 100 characters)'],
    });
    expect(onShot({ name: 'Dodge' })).toEqual({ shot_id: ["can't be blank"] });
    expect(onShot({ ...newCharacterEffect, shot_id: '' })).toEqual({ shot_id: ['is invalid'] });
  });
});

describe('chase relationship bodies', () => {
  const newChase = { pursuer_id: UUID.a, evader_id: UUID.b, fight_id: UUID.c, position: 'far' };

  it('accept a new chase and a change of position or activity, the representation sent back', () => {
    expect(chase(newChase)).toEqual({});
    expect(chase({ position: 'near', is_pursuer: true, pursuer: {} }, UpdateChaseRelationshipBody)).toEqual(
      {},
    );
  });

  it('refuse a vehicle chasing itself, positions other than near and far, and missing links', () => {
    expect(chase({ ...newChase, evader_id: UUID.a })).toEqual({
      evader_id: ["can't be the same as pursuer"],
    });
    expect(chase({ ...newChase, position: 'close' })).toEqual({ position: ['must be one of: near, far'] });
    expect(chase({ position: 'near' })).toEqual({
      pursuer_id: ["can't be blank"],
      evader_id: ["can't be blank"],
      fight_id: ["can't be blank"],
    });
    expect(chase({ active: 'yes' }, UpdateChaseRelationshipBody)).toEqual({
      active: ['must be true or false'],
    });
  });

  it('filter by fight and vehicle ids; blanks are no filter', () => {
    const query = (params: object) =>
      refusals(ChaseRelationshipsIndexQuery, params, undefined, { query: true });
    expect(query({ fight_id: UUID.a, vehicle_id: '', active: 'false' })).toEqual({});
    expect(query({ fight_id: 'nope' })).toEqual({ fight_id: ['is invalid'] });
  });
});
