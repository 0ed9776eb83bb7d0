import { CHARACTER_TYPES, type CharacterType } from '@shotcaller/contracts';
import type { JsonValues } from '../../shared/values.rules.js';

export { CHARACTER_TYPES, type CharacterType };

/** What a character without a `Type` is: the Rails default, filled in on every save. */
export const DEFAULT_CHARACTER_TYPE: CharacterType = 'PC';

export function isCharacterType(value: unknown): value is CharacterType {
  return (CHARACTER_TYPES as readonly unknown[]).includes(value);
}

/**
 * The type in a character's (or vehicle's) action values. A missing or blank `Type` is the default; any other
 * value is not a type at all (the character rules refuse it on save), so it is reported rather than guessed.
 */
export function characterTypeOf(actionValues: Readonly<JsonValues>): CharacterType | undefined {
  const type = actionValues.Type;
  if (type === undefined || type === null || type === '') return DEFAULT_CHARACTER_TYPE;
  return isCharacterType(type) ? type : undefined;
}

/** PCs keep their wounds on the character (they carry over between fights); everyone else on the fight's shot. */
export function keepsWoundsOnCharacter(type: CharacterType): boolean {
  return type === 'PC';
}
