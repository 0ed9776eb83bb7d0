import type { RuleResult } from '../../shared/values.rules.js';
import {
  applyChaseUpdate,
  chaseDefeat,
  chaseDefeatThreshold,
  type ChaseOutcome,
  type ChaseUpdateInput,
  type ChaseVehicle,
} from './chase.js';

function vehicle(overrides: Partial<ChaseVehicle> = {}): ChaseVehicle {
  return Object.freeze({
    name: 'Red Sedan',
    wasRammedOrDamaged: false,
    driverType: 'Featured Foe' as const,
    ...overrides,
    actionValues: Object.freeze({
      'Chase Points': 10,
      'Condition Points': 4,
      Handling: 8,
      Position: 'far',
      Type: 'Featured Foe',
      ...overrides.actionValues,
    }),
  });
}

function chased(target: ChaseVehicle, update: ChaseUpdateInput): ChaseOutcome {
  const result: RuleResult<ChaseOutcome> = applyChaseUpdate(target, update);
  if (!result.ok) throw new Error(`expected the chase update to apply: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('a chase update', () => {
  it('adds Chase Points and Condition Points, sent as numbers or text', () => {
    const { next, defeat, events } = chased(vehicle(), {
      action_values: { 'Chase Points': '5', 'Condition Points': 3 },
    });
    expect(next.actionValues).toMatchObject({ 'Chase Points': 15, 'Condition Points': 7, Handling: 8 });
    expect(defeat).toBeNull();
    expect(events).toEqual([]);
  });

  it('takes points back for a negative number, never below 0', () => {
    expect(
      chased(vehicle(), { action_values: { 'Chase Points': -4 } }).next.actionValues['Chase Points'],
    ).toBe(6);
    expect(
      chased(vehicle(), { action_values: { 'Chase Points': -40 } }).next.actionValues['Chase Points'],
    ).toBe(0);
  });

  it('replaces other values and drops Position, which the chase relationship holds', () => {
    const { next } = chased(vehicle(), { action_values: { Handling: '9', Position: 'near', Squeal: 11 } });
    expect(next.actionValues).toMatchObject({ Handling: 9, Squeal: 11, Position: 'far' });
  });

  it.each(['ram', 'Sideswipe', ' WEAPON '])('marks the vehicle rammed-or-damaged for %p', (actionType) => {
    expect(chased(vehicle(), { action_type: actionType }).next.wasRammedOrDamaged).toBe(true);
  });

  it('does not mark it for other actions, nor unmark it', () => {
    expect(chased(vehicle(), { action_type: 'evade' }).next.wasRammedOrDamaged).toBe(false);
    expect(
      chased(vehicle({ wasRammedOrDamaged: true }), { action_type: 'evade' }).next.wasRammedOrDamaged,
    ).toBe(true);
  });

  it('boxes in a vehicle reaching exactly 35 Chase Points that was never hit, and reports it once', () => {
    expect(chased(vehicle(), { action_values: { 'Chase Points': 24 } }).defeat).toBeNull(); // 34
    const { next, defeat, events } = chased(vehicle(), { action_values: { 'Chase Points': 25 } });
    expect(defeat).toBe('boxed_in');
    expect(events).toEqual([
      {
        event_type: 'chase_defeat',
        description: 'Red Sedan is boxed in',
        details: {
          vehicle_name: 'Red Sedan',
          defeat_type: 'boxed_in',
          chase_points: 35,
          threshold: 35,
          was_rammed_or_damaged: false,
        },
      },
    ]);
    const again = chased(next, { action_values: { 'Chase Points': 5 } });
    expect(again.defeat).toBeNull();
    expect(again.events).toEqual([]);
    expect(chaseDefeat(again.next)).toBe('boxed_in');
  });

  it('crashes a vehicle rammed in the same update that defeats it', () => {
    const { defeat, events } = chased(vehicle(), {
      action_type: 'ram',
      action_values: { 'Chase Points': 30 },
    });
    expect(defeat).toBe('crashed');
    expect(events[0]?.description).toBe('Red Sedan crashed');
  });

  it('crashes a vehicle rammed earlier', () => {
    expect(
      chased(vehicle({ wasRammedOrDamaged: true }), { action_values: { 'Chase Points': 25 } }).defeat,
    ).toBe('crashed');
  });

  it('needs 50 Chase Points when a Boss or Uber-Boss drives', () => {
    const bossDriven = vehicle({ driverType: 'Boss' });
    expect(chaseDefeatThreshold(bossDriven)).toBe(50);
    expect(chased(bossDriven, { action_values: { 'Chase Points': 39 } }).defeat).toBeNull(); // 49
    expect(chased(bossDriven, { action_values: { 'Chase Points': 40 } }).defeat).toBe('boxed_in'); // 50
    expect(chaseDefeatThreshold(vehicle({ driverType: 'Uber-Boss' }))).toBe(50);
  });

  it('goes by the driver’s type over the vehicle’s, and by the vehicle’s when nobody drives', () => {
    expect(chaseDefeatThreshold(vehicle({ driverType: 'PC', actionValues: { Type: 'Boss' } }))).toBe(35);
    expect(chaseDefeatThreshold(vehicle({ driverType: null, actionValues: { Type: 'Boss' } }))).toBe(50);
    expect(chaseDefeatThreshold(vehicle({ driverType: null, actionValues: { Type: 'Ally' } }))).toBe(35);
  });

  it('is refused whole when it makes no sense', () => {
    expect(
      applyChaseUpdate(vehicle(), { action_type: 7, action_values: { 'Chase Points': 'lots', Frame: [1] } }),
    ).toEqual({
      ok: false,
      errors: {
        action_type: ['must be text'],
        'action_values.Chase Points': ['is not a number'],
        'action_values.Frame': ['must be a single value, not a list or an object'],
      },
    });
    expect(applyChaseUpdate(vehicle(), { action_values: 'far' })).toEqual({
      ok: false,
      errors: { action_values: ['must be an object'] },
    });
  });

  it('does not change the vehicle given', () => {
    const before = vehicle();
    chased(before, { action_type: 'ram', action_values: { 'Chase Points': 30 } });
    expect(before.wasRammedOrDamaged).toBe(false);
    expect(before.actionValues['Chase Points']).toBe(10);
  });
});
