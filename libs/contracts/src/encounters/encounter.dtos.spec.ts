import { accepted, refusals, UUID } from '../characters/dto-checks.spec-support.js';
import {
  ActBody,
  ApplyChaseActionBody,
  ApplyCombatActionBody,
  UpdateInitiativesBody,
} from './encounter.dtos.js';

const combat = (body: object) => refusals(ApplyCombatActionBody, body);

/** What createAttackerUpdate and createWoundUpdate (attacks/combatHandlers.ts) build for one attack. */
const attackerUpdate = {
  shot_id: UUID.a,
  character_id: UUID.b,
  shot: 9,
  event: {
    type: 'act',
    description: 'Johnny Tso acts (3 shots)',
    details: { character_id: UUID.b, shot_cost: 3, from_shot: 12, to_shot: 9 },
  },
};
const woundUpdate = {
  shot_id: UUID.c,
  character_id: UUID.d,
  impairments: 1,
  wounds: 27,
  event: {
    type: 'attack',
    description: 'Johnny Tso attacked Big Bruiser for 12 wounds',
    details: {
      attacker_id: UUID.b,
      target_id: UUID.d,
      damage: 12,
      attack_value: 14,
      defense_value: 13,
      swerve: 3,
      outcome: 4,
      weapon_damage: 10,
      shot_cost: 3,
      stunt: false,
      dodge: false,
      defense_choice: 'none',
      fortune_die: null,
      is_mook_takedown: false,
    },
  },
};
const pcWoundUpdate = { ...woundUpdate, wounds: undefined, action_values: { Wounds: 31 } };
/** createMookVsMookUpdate sends `shot_id: ""` when the target has none at hand. */
const mookUpdate = {
  shot_id: '',
  character_id: UUID.d,
  count: 4,
  impairments: 0,
  event: {
    type: 'attack',
    description: '3 Thugs attacked Ninjas, eliminating 2 mooks',
    details: { mooks_eliminated: 2 },
  },
};

describe('initiative and act bodies', () => {
  it('accepts what updateInitiatives and spendShots send', () => {
    const shots = [
      { id: UUID.a, shot: 12 },
      { id: UUID.b, shot: 0 },
    ];
    expect(refusals(UpdateInitiativesBody, { shots })).toEqual({});
    expect(refusals(ActBody, { shot_id: UUID.a, shots: 3, action_id: null })).toEqual({});
    expect(refusals(ActBody, { shot_id: UUID.a, shots: 1, action_id: UUID.b })).toEqual({});
    expect(refusals(ActBody, { shot_id: UUID.a })).toEqual({});
  });

  it('refuses shots off the track and bad ids', () => {
    expect(refusals(UpdateInitiativesBody, { shots: [{ id: UUID.a, shot: 31 }] })).toEqual({
      'shots.0.shot': ['must be at most 30'],
    });
    expect(refusals(UpdateInitiativesBody, { shots: [{ id: UUID.a, shot: -11 }] })).toEqual({
      'shots.0.shot': ['must be at least -10'],
    });
    expect(refusals(UpdateInitiativesBody, { shots: [{ id: 'first', shot: 3 }] })).toEqual({
      'shots.0.id': ['is invalid'],
    });
    expect(refusals(UpdateInitiativesBody, { shots: [{ id: UUID.a, shot: 3, name: 'x' }] })).toEqual({
      'shots.0.name': ['is not a permitted attribute'],
    });
    expect(refusals(ActBody, { shot_id: UUID.a, shots: 31 })).toEqual({ shots: ['must be at most 30'] });
    expect(refusals(ActBody, { shots: 3 })).toEqual({ shot_id: ['is invalid'] });
  });
});

describe('combat action bodies', () => {
  it('accepts the batched updates of an attack, a PC wound, a mook takedown', () => {
    expect(combat({ character_updates: [attackerUpdate, woundUpdate] })).toEqual({});
    expect(combat({ character_updates: [attackerUpdate, pcWoundUpdate, mookUpdate] })).toEqual({});
    const parsed = accepted(ApplyCombatActionBody, { character_updates: [mookUpdate] });
    expect(parsed.character_updates?.[0]?.shot_id).toBeUndefined();
  });

  it('accepts the escape panels: Cheese It adds a status, Speed Check swaps it', () => {
    const cheese = {
      shot_id: UUID.a,
      character_id: UUID.b,
      shot: 6,
      add_status: ['cheesing_it'],
      event: { type: 'escape_attempt', description: 'Johnny Tso is attempting to cheese it!', details: {} },
    };
    const escaped = { character_id: UUID.b, remove_status: ['cheesing_it'], add_status: ['cheesed_it'] };
    expect(combat({ character_updates: [cheese] })).toEqual({});
    expect(combat({ character_updates: [escaped] })).toEqual({});
  });

  it('accepts the spec fields: shot_cost, smackdown, a vehicle target', () => {
    expect(combat({ character_updates: [{ vehicle_id: UUID.a, shot_cost: 3, smackdown: 15 }] })).toEqual({});
  });

  it('accepts a boost and an up check as the client sends them', () => {
    const boost = {
      action_type: 'boost',
      booster_id: UUID.a,
      target_id: UUID.b,
      boost_type: 'defense',
      use_fortune: true,
    };
    expect(combat(boost)).toEqual({});
    expect(combat({ action_type: 'up_check', character_id: UUID.a, swerve: -2, fortune: 0 })).toEqual({});
  });

  it('refuses an update without a target, off-track shots and statuses that are not words', () => {
    expect(combat({ character_updates: [{ shot: 3 }] })).toEqual({
      'character_updates.0.shot_id': ['must name its target: shot_id, character_id or vehicle_id'],
    });
    expect(combat({ character_updates: [{ ...attackerUpdate, shot: -41 }] })).toEqual({
      'character_updates.0.shot': ['must be at least -40'],
    });
    expect(combat({ character_updates: [{ ...attackerUpdate, shot: 31 }] })).toEqual({
      'character_updates.0.shot': ['must be at most 30'],
    });
    expect(combat({ character_updates: [{ ...attackerUpdate, add_status: ['<script>'] }] })).toEqual({
      'character_updates.0.add_status': [
        'must hold snake_case words, such as up_check_required, out_of_fight, cheesing_it, cheesed_it',
      ],
    });
    expect(combat({ character_updates: [{ ...woundUpdate, wounds: -3 }] })).toEqual({
      'character_updates.0.wounds': ['must be at least 0'],
    });
  });

  it('refuses nested or oversized event details, bad types and unknown fields', () => {
    const nested = { ...attackerUpdate, event: { ...attackerUpdate.event, details: { rolls: [6, 6] } } };
    expect(combat({ character_updates: [nested] })).toEqual({
      'character_updates.0.event.details': ['"rolls" must be a number, text, true or false or null'],
    });
    expect(combat({ character_updates: [{ ...woundUpdate, action_values: { Wounds: 'many' } }] })).toEqual({
      'character_updates.0.action_values': ['"Wounds" must be a whole number up to 999999'],
    });
    expect(combat({ character_updates: [{ ...woundUpdate, damage_type: 'fire' }] })).toEqual({
      'character_updates.0.damage_type': ['is not a permitted attribute'],
    });
    expect(combat({ character_updates: Array.from({ length: 201 }, () => attackerUpdate) })).toEqual({
      character_updates: ['character_updates must contain no more than 200 elements'],
    });
    expect(
      combat({
        character_updates: [{ ...attackerUpdate, event: { ...attackerUpdate.event, type: '\u0000' } }],
      }),
    ).toEqual({
      'character_updates.0.event.type': [
        'contains characters that are not allowed (NUL or an unpaired surrogate)',
      ],
    });
  });

  it('keeps the three forms apart', () => {
    expect(combat({})).toEqual({ character_updates: ["can't be blank"] });
    expect(combat({ action_type: 'boost', booster_id: UUID.a, target_id: UUID.b })).toEqual({
      boost_type: ["can't be blank"],
    });
    expect(combat({ action_type: 'up_check', character_id: UUID.a, swerve: 'high' })).toEqual({
      swerve: ['must be a whole number'],
    });
    expect(
      combat({ action_type: 'up_check', character_id: UUID.a, swerve: 2, character_updates: [] }),
    ).toEqual({
      character_updates: ['does not go with an action_type'],
    });
    expect(combat({ character_updates: [], swerve: 3 })).toEqual({
      swerve: ['goes only with action_type up_check'],
    });
    expect(combat({ action_type: 'heal' }).action_type).toEqual(['must be one of: boost, up_check']);
  });
});

describe('chase action bodies', () => {
  /** ChaseResolution.tsx: the attacker's update and the target's. */
  const attacker = {
    vehicle_id: UUID.a,
    target_vehicle_id: UUID.b,
    role: 'pursuer',
    shot_cost: 3,
    character_id: UUID.c,
    action_values: { 'Chase Points': 0, 'Condition Points': 0, Pursuer: 'true', Position: 'near' },
    event: {
      type: 'chase_action',
      description: 'Black Sedan narrows gap with Red Coupe',
      details: {
        method: 'NARROW_THE_GAP',
        chase_points: 7,
        condition_points: 0,
        position: 'near',
        success: true,
      },
    },
  };
  const target = {
    vehicle_id: UUID.b,
    target_vehicle_id: UUID.a,
    role: 'evader',
    action_values: { 'Chase Points': 7, 'Condition Points': 0, Pursuer: 'false' },
  };

  it('accepts the attacker and target updates, a NaN shot cost arriving as null', () => {
    expect(refusals(ApplyChaseActionBody, { vehicle_updates: [attacker, target] })).toEqual({});
    expect(refusals(ApplyChaseActionBody, { vehicle_updates: [{ ...attacker, shot_cost: null }] })).toEqual(
      {},
    );
  });

  it('refuses bad positions, roles, missing vehicles and unknown fields', () => {
    const bad = (update: object) => refusals(ApplyChaseActionBody, { vehicle_updates: [update] });
    expect(bad({ ...target, action_values: { Position: 'close' } })).toEqual({
      'vehicle_updates.0.action_values': ['"Position" must be one of: near, far'],
    });
    expect(bad({ ...target, role: 'leader' })).toEqual({
      'vehicle_updates.0.role': ['must be one of: pursuer, evader'],
    });
    expect(bad({ role: 'evader' })).toEqual({ 'vehicle_updates.0.vehicle_id': ['is invalid'] });
    expect(bad({ ...target, nitro: true })).toEqual({
      'vehicle_updates.0.nitro': ['is not a permitted attribute'],
    });
    expect(refusals(ApplyChaseActionBody, {})).toEqual({ vehicle_updates: ["can't be blank"] });
  });
});
