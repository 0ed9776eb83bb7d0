import { ArrayMaxSize, IsArray, Matches } from 'class-validator';
import { Optional } from '../input-rules.js';
import { RECORD_LABEL_MAX } from './record-rules.js';
import type { ValueMapRules } from './value-maps.js';

export const CHARACTER_TYPES = ['PC', 'Ally', 'Mook', 'Featured Foe', 'Boss', 'Uber-Boss'] as const;
export type CharacterType = (typeof CHARACTER_TYPES)[number];

export const WEALTH_LEVELS = ['Poor', 'Working Stiff', 'Rich'] as const;
export type Wealth = (typeof WEALTH_LEVELS)[number];

/**
 * The statuses known today: the spec's two, which the rules set, and the escape states the client's Cheese It
 * and
 * Speed Check panels add (src/components/encounters/CheeseItPanel.tsx, SpeedCheckPanel.tsx). A status list
 * takes
 * any snake_case word (STATUS_WORD), so a new client panel does not need a contract change.
 */
export const CHARACTER_STATUSES = ['up_check_required', 'out_of_fight', 'cheesing_it', 'cheesed_it'] as const;
export type CharacterStatus = (typeof CHARACTER_STATUSES)[number];
export const STATUS_WORD = /^[a-z][a-z0-9_]{0,49}$/;
export const CHARACTER_STATUSES_MAX = 20;

/** An optional list of statuses: snake_case words, a few at most. */
export function StatusList(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const name = String(propertyName);
    for (const decorator of [
      Optional(),
      IsArray({ message: 'must be a list' }),
      ArrayMaxSize(CHARACTER_STATUSES_MAX, {
        message: `must hold at most ${CHARACTER_STATUSES_MAX} statuses`,
      }),
      Matches(STATUS_WORD, {
        each: true,
        message: `must hold snake_case words, such as ${CHARACTER_STATUSES.join(', ')}`,
      }),
    ]) {
      decorator(target, name);
    }
  };
}

/** The action values stored as whole numbers (the spec's defaults, all 0). */
export const CHARACTER_INTEGER_ACTION_VALUES = [
  'Guns',
  'Martial Arts',
  'Sorcery',
  'Scroungetech',
  'Genome',
  'Mutant',
  'Creature',
  'Defense',
  'Toughness',
  'Speed',
  'Fortune',
  'Max Fortune',
  'Wounds',
  'Marks of Death',
  'Damage',
] as const;

export const CHARACTER_DESCRIPTION_KEYS = [
  'Nicknames',
  'Age',
  'Height',
  'Weight',
  'Hair Color',
  'Eye Color',
  'Style of Dress',
  'Appearance',
  'Background',
  'Melodramatic Hook',
] as const;

export const CHARACTER_SKILL_KEYS = [
  'Deceit',
  'Detective',
  'Driving',
  'Fix-It',
  'Gambling',
  'Intimidation',
  'Intrusion',
  'Leadership',
  'Medicine',
  'Police',
  'Sabotage',
  'Seduction',
  'Constitution',
  'Will',
  'Notice',
  'Strength',
] as const;

/** One description entry (Background, Appearance...) is rich text, but not a book. */
export const DESCRIPTION_VALUE_MAX = 10_000;

/**
 * `action_values`: the numeric keys as whole numbers; Type one of the character types; FortuneType, MainAttack,
 * SecondaryAttack (null when none), Archetype and custom keys as short text, numbers, true/false (the client's
 * `Vehicle` flag) or null.
 */
export const CHARACTER_ACTION_VALUE_RULES: ValueMapRules = {
  maxKeys: 100,
  textMax: RECORD_LABEL_MAX,
  integerKeys: CHARACTER_INTEGER_ACTION_VALUES,
  choices: { Type: CHARACTER_TYPES },
  other: { integers: true, text: true, booleans: true, nulls: true },
};

/** `skills`: the standard ones and custom keys, all whole numbers (null for a skill cleared). */
export const CHARACTER_SKILL_RULES: ValueMapRules = {
  maxKeys: 100,
  textMax: 0,
  other: { integers: true, nulls: true },
};

/** `description`: text by key; the standard keys and custom ones. */
export const CHARACTER_DESCRIPTION_RULES: ValueMapRules = {
  maxKeys: 50,
  textMax: DESCRIPTION_VALUE_MAX,
  other: { text: true },
};
