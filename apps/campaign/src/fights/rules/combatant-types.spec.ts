import {
  CHARACTER_TYPES,
  characterTypeOf,
  isCharacterType,
  keepsWoundsOnCharacter,
} from './combatant-types.js';

describe('character types', () => {
  it('are the six Feng Shui 2 types', () => {
    expect(CHARACTER_TYPES).toEqual(['PC', 'Ally', 'Mook', 'Featured Foe', 'Boss', 'Uber-Boss']);
    expect(isCharacterType('Featured Foe')).toBe(true);
    expect(isCharacterType('featured foe')).toBe(false);
    expect(isCharacterType(undefined)).toBe(false);
  });

  it('reads a missing or blank Type as PC and refuses to guess an unknown one', () => {
    expect(characterTypeOf({})).toBe('PC');
    expect(characterTypeOf({ Type: null })).toBe('PC');
    expect(characterTypeOf({ Type: '' })).toBe('PC');
    expect(characterTypeOf({ Type: 'Uber-Boss' })).toBe('Uber-Boss');
    expect(characterTypeOf({ Type: 'Villain' })).toBeUndefined();
    expect(characterTypeOf({ Type: 3 })).toBeUndefined();
  });

  it('keeps only PC wounds on the character', () => {
    expect(CHARACTER_TYPES.filter(keepsWoundsOnCharacter)).toEqual(['PC']);
  });
});
