import { accepted, refusals, UUID } from '../characters/dto-checks.spec-support.js';
import {
  CreateWeaponBody,
  RecordBatchBody,
  UpdateWeaponBody,
  WeaponLabelsQuery,
  WeaponsIndexQuery,
} from './weapon.dtos.js';

const create = (weapon: object) => refusals(CreateWeaponBody, { weapon }, 'weapon');
const update = (weapon: object) => refusals(UpdateWeaponBody, { weapon }, 'weapon');

/** The client's `defaultWeapon` (src/types/defaults.ts), named. */
const newWeapon = {
  entity_class: 'Weapon',
  id: '',
  name: 'Beretta 92FS',
  description: '',
  damage: 7,
  concealment: 0,
  reload_value: 0,
  juncture: '',
  category: '',
  mook_bonus: 0,
  kachunk: false,
  image_url: '',
  created_at: '',
  updated_at: '',
};

describe('weapon bodies', () => {
  it("accepts the client's default weapon", () => {
    expect(create(newWeapon)).toEqual({});
  });

  it('takes the numbers as numbers or their text; blank optional numbers are absent', () => {
    const weapon = accepted(CreateWeaponBody, {
      weapon: { ...newWeapon, damage: '10', concealment: '', reload_value: '4' },
    }).weapon;
    expect(weapon).toMatchObject({ damage: 10, reload_value: 4 });
    expect(weapon.concealment).toBeUndefined();
    expect(update({ concealment: null, reload_value: null, juncture: null, category: null })).toEqual({});
    expect(update({ kachunk: null })).toEqual({ kachunk: ["can't be null"] });
  });

  it('requires damage on create, not on update', () => {
    const { damage: _damage, ...withoutDamage } = newWeapon;
    expect(create(withoutDamage)).toEqual({ damage: ["can't be blank"] });
    expect(create({ ...newWeapon, damage: '' })).toEqual({ damage: ["can't be blank"] });
    expect(update({ name: 'Desert Eagle' })).toEqual({});
    expect(update({ damage: null })).toEqual({ damage: ["can't be null"] });
  });

  it('refuses wrong types, fractions and out-of-range numbers', () => {
    expect(update({ damage: 7.5 })).toEqual({ damage: ['must be a whole number'] });
    expect(update({ damage: 1000 })).toEqual({ damage: ['must be at most 999'] });
    expect(update({ concealment: -1 })).toEqual({ concealment: ['must be at least 0'] });
    expect(update({ kachunk: 'yes' })).toEqual({ kachunk: ['must be true or false'] });
    expect(update({ category: 'x'.repeat(101) })).toEqual({
      category: ['is too long (maximum is 100 characters)'],
    });
    expect(update({ ammo: 12 })).toEqual({ ammo: ['is not a permitted attribute'] });
    expect(update({ name: 'Beretta\u0000' })).toEqual({
      name: ['contains characters that are not allowed (NUL or an unpaired surrogate)'],
    });
  });
});

describe('weapon lists', () => {
  const query = (params: object) => refusals(WeaponsIndexQuery, params, undefined, { query: true });

  it('accepts the weapons page parameters and its filters', () => {
    expect(query({ sort: 'damage', category: 'Guns', juncture: '__NONE__', show_hidden: 'true' })).toEqual(
      {},
    );
    expect(query({ character_id: UUID.a, visibility: 'hidden' })).toEqual({});
    expect(query({ visibility: 'secret' })).toEqual({ visibility: ['must be one of: visible, hidden, all'] });
    expect(refusals(WeaponLabelsQuery, { search: 'pist' }, undefined, { query: true })).toEqual({});
  });

  it('takes a batch of ids as a comma list or a list, and bounds it', () => {
    expect(accepted(RecordBatchBody, { ids: `${UUID.a},${UUID.b}` }).ids).toEqual([UUID.a, UUID.b]);
    expect(refusals(RecordBatchBody, { ids: [UUID.a], per_page: 200 })).toEqual({});
    expect(refusals(RecordBatchBody, { ids: 'a,b' })).toEqual({ ids: ['must be a list of ids'] });
    expect(refusals(RecordBatchBody, {})).toEqual({ ids: ["can't be blank"] });
    const many = Array.from({ length: 1001 }, () => UUID.a).join(',');
    expect(refusals(RecordBatchBody, { ids: many })).toEqual({ ids: ['must hold at most 1000 ids'] });
  });
});
