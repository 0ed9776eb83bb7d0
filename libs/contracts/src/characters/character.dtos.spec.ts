import {
  AdvancementBody,
  CharactersIndexQuery,
  CreateCharacterBody,
  UpdateCharacterBody,
  type CreateCharacterInput,
  type UpdateCharacterInput,
} from './character.dtos.js';
import { accepted, refusals, UUID } from './dto-checks.spec-support.js';

const create = (character: object) => refusals(CreateCharacterBody, { character }, 'character');
const update = (character: object) => refusals(UpdateCharacterBody, { character }, 'character');

/** The client's `defaultCharacter` (src/types/defaults.ts), as the create form posts it once named. */
const defaultFaction = {
  entity_class: 'Faction',
  id: '',
  name: '',
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
const newCharacter = {
  entity_class: 'Person',
  id: '',
  name: 'Johnny Tso',
  category: 'character',
  active: true,
  current_shot: 0,
  impairments: 0,
  color: '',
  faction_id: null,
  faction: defaultFaction,
  action_values: {
    Archetype: '',
    Guns: 0,
    'Martial Arts': 0,
    Sorcery: 0,
    Scroungetech: 0,
    Genome: 0,
    Creature: 0,
    Defense: 0,
    Toughness: 0,
    Speed: 0,
    Fortune: 0,
    'Max Fortune': 0,
    FortuneType: 'Fortune',
    MainAttack: 'Guns',
    SecondaryAttack: null,
    Wounds: 0,
    Type: 'Featured Foe',
    Vehicle: false,
    'Marks of Death': 0,
    Damage: 0,
  },
  description: {
    Nicknames: '',
    Age: '',
    Height: '',
    Weight: '',
    'Hair Color': '',
    'Eye Color': '',
    'Style of Dress': '',
    Appearance: '',
    Background: '',
    'Melodramatic Hook': '',
  },
  schticks: [],
  skills: {},
  advancements: [],
  sites: [],
  weapons: [],
  equipped_weapon_id: null,
  count: 0,
  shot_id: '',
  image_url: '',
  task: false,
  notion_page_id: null,
  wealth: 'Poor',
  juncture_id: null,
  juncture: null,
  user_id: '',
  created_at: '',
  updated_at: '',
};

/** A stored character as the edit page sends it back: the record minus schticks, parties, sites and weapons. */
const storedCharacter = {
  ...newCharacter,
  entity_class: 'Character',
  id: UUID.a,
  user_id: UUID.b,
  user: { id: UUID.b, name: 'Gina Master', email: 'gm@example.com', image_url: null, entity_class: 'User' },
  faction_id: UUID.c,
  faction: { id: UUID.c, name: 'The Dragons', image_url: null, entity_class: 'Faction' },
  image_positions: [
    { id: UUID.d, context: 'desktop_index', x_position: 0, y_position: 10, style_overrides: null },
  ],
  schtick_ids: [UUID.d],
  weapon_ids: [],
  site_ids: [],
  party_ids: [],
  advancement_ids: [],
  status: [],
  at_a_glance: true,
  created_at: '2026-01-02T03:04:05.000Z',
  updated_at: '2026-01-02T03:04:05.000Z',
};

describe('character bodies', () => {
  it("accepts the client's default character on create, reading its blank ids as absent", () => {
    expect(create(newCharacter)).toEqual({});
    const input: CreateCharacterInput = accepted(CreateCharacterBody, { character: newCharacter }).character;
    expect(input.user_id).toBeUndefined();
    expect(input.faction_id).toBeNull();
    expect(input.action_values).toMatchObject({
      Type: 'Featured Foe',
      SecondaryAttack: null,
      Vehicle: false,
    });
  });

  it('accepts a stored character sent back whole on update', () => {
    const { schticks: _s, sites: _t, weapons: _w, ...body } = storedCharacter;
    expect(update(body)).toEqual({});
  });

  it('accepts the combat stats, owner and unowned updates the client sends as JSON', () => {
    expect(
      update({
        name: 'Johnny Tso',
        impairments: 1,
        action_values: { Wounds: 27, Fortune: 2 },
        status: ['up_check_required'],
        driving_id: null,
      }),
    ).toEqual({});
    expect(update({ user_id: UUID.b })).toEqual({});
    expect(update({ user_id: null })).toEqual({});
    expect(update({ faction_id: null, juncture_id: null, wealth: null, color: null })).toEqual({});
  });

  it('takes action values and skills as numbers or their text, and stores numbers', () => {
    const changes = { action_values: { Guns: '13', Defense: ' 14 ', Speed: '', MainAttack: 'Guns' } };
    const input: UpdateCharacterInput = accepted(UpdateCharacterBody, { character: changes }).character;
    expect(input.action_values).toEqual({ Guns: 13, Defense: 14, Speed: 0, MainAttack: 'Guns' });
    const skills = accepted(UpdateCharacterBody, { character: { skills: { Driving: '12', Brewing: 9 } } });
    expect(skills.character.skills).toEqual({ Driving: 12, Brewing: 9 });
    expect(accepted(UpdateCharacterBody, { character: { impairments: '2' } }).character.impairments).toBe(2);
  });

  it('requires a name on create, not on update, and refuses null for it', () => {
    expect(create({ ...newCharacter, name: undefined })).toEqual({ name: ["can't be blank"] });
    expect(create({ ...newCharacter, name: '   ' })).toEqual({ name: ["can't be blank"] });
    expect(update({ color: 'red' })).toEqual({});
    expect(update({ name: null })).toEqual({ name: ["can't be null"] });
  });

  it('refuses wrong types, out-of-range values and unknown choices', () => {
    expect(update({ name: 42 })).toEqual({ name: ['must be text'] });
    expect(update({ name: 'x'.repeat(256) })).toEqual({ name: ['is too long (maximum is 255 characters)'] });
    expect(update({ impairments: -1 })).toEqual({ impairments: ['must be at least 0'] });
    expect(update({ impairments: 'lots' })).toEqual({ impairments: ['must be a whole number'] });
    expect(update({ wealth: 'Loaded' })).toEqual({ wealth: ['must be one of: Poor, Working Stiff, Rich'] });
    expect(update({ active: 'yes' })).toEqual({ active: ['must be true or false'] });
    expect(update({ faction_id: 'the-dragons' })).toEqual({ faction_id: ['is invalid'] });
    expect(update({ status: ['cheesed_it', 'new_panel_state'] })).toEqual({});
    expect(update({ status: ['Out Of Fight!'] })).toEqual({
      status: [
        'must hold snake_case words, such as up_check_required, out_of_fight, cheesing_it, cheesed_it',
      ],
    });
    expect(update({ status: 'out_of_fight' })).toEqual({ status: ['must be a list'] });
    expect(update({ schtick_ids: [UUID.a, 'nope'] })).toEqual({ schtick_ids: ['must be a list of ids'] });
  });

  it('checks the JSON maps key by key: value types, bounds, no nesting', () => {
    expect(update({ action_values: { Guns: 1.5 } })).toEqual({
      action_values: ['"Guns" must be a whole number up to 999999'],
    });
    expect(update({ action_values: { Guns: 'thirteen' } })).toEqual({
      action_values: ['"Guns" must be a whole number up to 999999'],
    });
    expect(update({ action_values: { Type: 'Hero' } })).toEqual({
      action_values: ['"Type" must be one of: PC, Ally, Mook, Featured Foe, Boss, Uber-Boss'],
    });
    expect(update({ action_values: { Guns: { base: 13 } } })).toEqual({
      action_values: ['"Guns" must be a whole number up to 999999'],
    });
    expect(update({ action_values: { Notes: ['a'] } })).toEqual({
      action_values: ['"Notes" must be a whole number, text, true or false or null'],
    });
    expect(update({ action_values: [1, 2] })).toEqual({ action_values: ['must be an object'] });
    expect(update({ skills: { Driving: 'fast' } })).toEqual({
      skills: ['"Driving" must be a whole number or null'],
    });
    expect(update({ description: { Background: 7 } })).toEqual({
      description: ['"Background" must be text'],
    });
    expect(update({ description: { Background: 'x'.repeat(10_001) } })).toEqual({
      description: ['"Background" is too long (maximum is 10000 characters)'],
    });
    const wide = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`Custom ${index}`, 1]));
    expect(update({ action_values: wide })).toEqual({ action_values: ['must hold at most 100 keys'] });
  });

  it('refuses unknown fields, NUL text and oversized input before any rule', () => {
    expect(update({ powers: 'flight' })).toEqual({ powers: ['is not a permitted attribute'] });
    expect(refusals(UpdateCharacterBody, { character: { name: 'x' }, extra: 1 }, 'character')).toEqual({
      extra: ['is not a permitted attribute'],
    });
    expect(update({ name: 'Johnny\u0000Tso' })).toEqual({
      name: ['contains characters that are not allowed (NUL or an unpaired surrogate)'],
    });
    expect(update({ description: { Background: 'lone \ud800' } })).toEqual({
      'description.Background': ['contains characters that are not allowed (NUL or an unpaired surrogate)'],
    });
    const huge = Object.fromEntries(Array.from({ length: 501 }, (_, index) => [`k${index}`, 1]));
    expect(update({ skills: huge })).toEqual({ payload_too_large: ['An object has more than 500 keys'] });
    expect(refusals(UpdateCharacterBody, JSON.parse('{"character":{"__proto__":{"admin":true}}}'))).toEqual({
      malformed_request: ['The key "__proto__" is not allowed'],
    });
  });

  it('needs the envelope', () => {
    expect(refusals(CreateCharacterBody, {})).toEqual({ character: ["can't be blank"] });
    expect(refusals(CreateCharacterBody, { character: 'Johnny' }).character).toContain('must be an object');
  });

  it('takes advancements as short text', () => {
    expect(refusals(AdvancementBody, { advancement: { description: '+1 Guns' } }, 'advancement')).toEqual({});
    expect(refusals(AdvancementBody, { advancement: { description: '' } }, 'advancement')).toEqual({
      description: ["can't be blank"],
    });
  });
});

describe('characters index query', () => {
  const query = (params: object) => refusals(CharactersIndexQuery, params, undefined, { query: true });

  it('accepts what the characters page sends, blanks included', () => {
    const params = {
      page: '2',
      per_page: '15',
      sort: 'archetype',
      order: 'DESC',
      search: '',
      character_type: 'Featured Foe',
      archetype: '',
      faction_id: '',
      show_hidden: 'false',
      template_filter: 'non-templates',
    };
    expect(query(params)).toEqual({});
    const parsed = accepted(CharactersIndexQuery, params, { query: true });
    expect(parsed).toMatchObject({
      page: 2,
      order: 'desc',
      show_hidden: false,
      character_type: 'Featured Foe',
    });
    expect(parsed.faction_id).toBeUndefined();
  });

  it('takes a link filter as an id or __NONE__, and ids as a list', () => {
    expect(query({ faction_id: '__NONE__', juncture_id: UUID.a, ids: `${UUID.a},${UUID.b}` })).toEqual({});
    expect(query({ faction_id: 'dragons' })).toEqual({ faction_id: ['must be an id or __NONE__'] });
    expect(query({ sort: 'power' })).toEqual({
      sort: ['must be one of: name, type, archetype, faction, juncture, created_at, updated_at'],
    });
    expect(query({ type: 'Hero' })).toEqual({
      type: ['must be one of: PC, Ally, Mook, Featured Foe, Boss, Uber-Boss'],
    });
    expect(query({ per_page: '1000' })).toEqual({ per_page: ['per_page must not be greater than 200'] });
  });

  it('drops parameters it does not know, as browsers add their own', () => {
    expect(query({ _rsc: 'abc' })).toEqual({});
  });
});
