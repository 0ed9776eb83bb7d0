import { accepted, refusals, UUID } from '../characters/dto-checks.spec-support.js';
import {
  CreateFightBody,
  EndFightBody,
  FightEventBody,
  FightsIndexQuery,
  UpdateFightBody,
  type CreateFightInput,
} from './fight.dtos.js';
import { AssignDriverBody, UpdateShotBody } from './shot.dtos.js';

const create = (fight: object) => refusals(CreateFightBody, { fight }, 'fight');
const update = (fight: object) => refusals(UpdateFightBody, { fight }, 'fight');

/** The client's `defaultFight` (src/types/defaults.ts), named: blank start and end times, no season. */
const newFight = {
  entity_class: 'Fight',
  id: '',
  name: 'Rooftop Showdown',
  description: '',
  active: true,
  sequence: 0,
  effects: [],
  characters: [],
  shot_order: [],
  character_effects: {},
  vehicle_effects: {},
  image_url: '',
  created_at: '',
  updated_at: '',
  started_at: '',
  ended_at: '',
  season: null,
  session: null,
};

describe('fight bodies', () => {
  it("accepts the client's default fight, reading its blank times as absent", () => {
    expect(create(newFight)).toEqual({});
    const fight: CreateFightInput = accepted(CreateFightBody, { fight: newFight }).fight;
    expect(fight.started_at).toBeUndefined();
    expect(fight.season).toBeNull();
  });

  it('accepts the character_ids update characterClient.addCharacter sends, a mook group twice', () => {
    expect(update({ character_ids: [UUID.a, UUID.b, UUID.b] })).toEqual({});
    expect(update({ started_at: '2026-03-01T20:00:00.000Z', season: '2', session: 14 })).toEqual({});
    expect(update({ ended_at: null })).toEqual({});
  });

  it('refuses bad times, numbers, lists and unknown fields', () => {
    expect(update({ started_at: 'yesterday' })).toEqual({ started_at: ['must be an ISO 8601 time'] });
    expect(update({ sequence: -1 })).toEqual({ sequence: ['must be at least 0'] });
    expect(update({ season: 1.5 })).toEqual({ season: ['must be a whole number'] });
    expect(update({ vehicle_ids: [UUID.a, 'car'] })).toEqual({ vehicle_ids: ['must be a list of ids'] });
    expect(update({ character_ids: Array.from({ length: 501 }, () => UUID.a) })).toEqual({
      character_ids: ['must hold at most 500 ids'],
    });
    expect(update({ winner: 'us' })).toEqual({ winner: ['is not a permitted attribute'] });
  });

  it('takes end_fight notes and fight log entries', () => {
    expect(refusals(EndFightBody, {})).toEqual({});
    expect(refusals(EndFightBody, { notes: 'The Dragons won.' })).toEqual({});
    expect(refusals(EndFightBody, { notes: 'x'.repeat(10_001) })).toEqual({
      notes: ['is too long (maximum is 10000 characters)'],
    });
    const event = {
      event_type: 'attack',
      description: 'Johnny shoots',
      details: { damage: 12, stunt: false },
    };
    expect(refusals(FightEventBody, { fight_event: event }, 'fight_event')).toEqual({});
    expect(
      refusals(FightEventBody, { fight_event: { ...event, details: { targets: [UUID.a] } } }, 'fight_event'),
    ).toEqual({ details: ['"targets" must be a number, text, true or false or null'] });
    expect(
      refusals(FightEventBody, { fight_event: { ...event, event_type: 'Big Hit!' } }, 'fight_event'),
    ).toEqual({
      event_type: ['must be a snake_case word'],
    });
  });
});

describe('fights index query', () => {
  const query = (params: object) => refusals(FightsIndexQuery, params, undefined, { query: true });

  it('filters by status, season and session', () => {
    expect(query({ status: 'Started', season: '2', session: '', sort: 'created_at', order: 'desc' })).toEqual(
      {},
    );
    expect(accepted(FightsIndexQuery, { season: '2' }, { query: true }).season).toBe(2);
    expect(query({ status: 'Paused' })).toEqual({ status: ['must be one of: Unstarted, Started, Ended'] });
    expect(query({ season: 'two' })).toEqual({ season: ['must be a whole number or __NONE__'] });
  });

  it('takes __NONE__ for a season or session (fights without one), and no other text', () => {
    expect(query({ season: '__NONE__', session: '__NONE__' })).toEqual({});
    expect(accepted(FightsIndexQuery, { season: '__NONE__' }, { query: true }).season).toBe('__NONE__');
    expect(query({ season: '__none__', session: ' __NONE__' })).toEqual({
      season: ['must be a whole number or __NONE__'],
      session: ['must be a whole number or __NONE__'],
    });
    expect(query({ session: '-1' })).toEqual({ session: [expect.any(String)] });
  });

  it('takes __NONE__ for the combatant filters, and ids otherwise', () => {
    expect(query({ character_id: '__NONE__', vehicle_id: '__NONE__', user_id: '__NONE__' })).toEqual({});
    expect(query({ character_id: 'nobody' })).toEqual({ character_id: ['must be an id or __NONE__'] });
  });
});

describe('shot bodies', () => {
  const shot = (changes: object) => refusals(UpdateShotBody, { shot: changes }, 'shot');

  it('accepts what updateCharacterShot and updateShotLocation send', () => {
    expect(shot({ shot: 12, impairments: 1, count: 5, driving_id: UUID.a, color: '#ff0000' })).toEqual({});
    expect(shot({ shot: null, driving_id: null, color: null })).toEqual({});
    expect(shot({ location: 'Rooftop' })).toEqual({});
    expect(accepted(UpdateShotBody, { shot: { driver_id: '' } }).shot.driver_id).toBeNull();
  });

  it('refuses shots off the track, negative counts and unknown fields', () => {
    expect(shot({ shot: 31 })).toEqual({ shot: ['must be at most 30'] });
    expect(shot({ shot: -11 })).toEqual({ shot: ['must be at least -10'] });
    expect(shot({ count: -1 })).toEqual({ count: ['must be at least 0'] });
    expect(shot({ driver_id: 'bob' })).toEqual({ driver_id: ['is invalid'] });
    expect(shot({ fight_id: UUID.a })).toEqual({ fight_id: ['is not a permitted attribute'] });
  });

  it('assigns a driver by shot id', () => {
    expect(refusals(AssignDriverBody, { driver_shot_id: UUID.a })).toEqual({});
    expect(refusals(AssignDriverBody, {})).toEqual({ driver_shot_id: ['is invalid'] });
  });
});
