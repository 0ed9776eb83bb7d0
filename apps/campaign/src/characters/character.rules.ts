import {
  CHARACTER_INTEGER_ACTION_VALUES,
  CHARACTER_STATUSES,
  CHARACTER_TYPES,
  Messages,
  WEALTH_LEVELS,
  type CharacterStatus,
  type FieldErrors,
  type Wealth,
} from '@shotcaller/contracts';
import {
  hasFieldErrors,
  JSON_VALUES_LIMITS,
  mergeJsonValues,
  takeValue,
  toInteger,
  ValueMessages,
  withDefaults,
  type JsonValues,
  type JsonValuesRules,
  type KeyRule,
  type RuleResult,
} from '../shared/values.rules.js';

const ACTION_VALUE_NUMBERS = CHARACTER_INTEGER_ACTION_VALUES;

export const DEFAULT_CHARACTER_ACTION_VALUES: Readonly<JsonValues> = Object.freeze({
  ...Object.fromEntries(ACTION_VALUE_NUMBERS.map((key) => [key, 0])),
  FortuneType: 'Fortune',
  MainAttack: 'Guns',
  SecondaryAttack: null,
  Type: 'PC',
  Archetype: '',
});

export const DEFAULT_CHARACTER_DESCRIPTION: Readonly<JsonValues> = Object.freeze(
  Object.fromEntries(
    [
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
    ].map((key) => [key, '']),
  ),
);

/** Unskilled is 0, as in the Rails model (the client shows only skills above 7, the unskilled action value). */
export const DEFAULT_CHARACTER_SKILLS: Readonly<JsonValues> = Object.freeze(
  Object.fromEntries(
    [
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
    ].map((key) => [key, 0]),
  ),
);

/**
 * Description texts are free prose (Background, Melodramatic Hook), so they get more room than the 1,000
 * characters of a single value elsewhere.
 */
export const DESCRIPTION_MAX_TEXT_LENGTH = 10_000;

const INTEGER: KeyRule = { kind: 'integer' };
const TEXT: KeyRule = { kind: 'text' };

export const CHARACTER_ACTION_VALUE_RULES: JsonValuesRules = {
  defaults: DEFAULT_CHARACTER_ACTION_VALUES,
  keys: {
    ...Object.fromEntries(ACTION_VALUE_NUMBERS.map((key) => [key, INTEGER])),
    FortuneType: TEXT,
    MainAttack: TEXT,
    SecondaryAttack: TEXT,
    Type: { kind: 'text', oneOf: CHARACTER_TYPES },
    Archetype: TEXT,
  },
  otherKeys: { kind: 'scalar' },
};

/** Every skill is a number, custom ones included. */
export const CHARACTER_SKILL_RULES: JsonValuesRules = {
  defaults: DEFAULT_CHARACTER_SKILLS,
  keys: {},
  otherKeys: INTEGER,
};

export const CHARACTER_DESCRIPTION_RULES: JsonValuesRules = {
  defaults: DEFAULT_CHARACTER_DESCRIPTION,
  keys: {},
  otherKeys: TEXT,
  maxTextLength: DESCRIPTION_MAX_TEXT_LENGTH,
};

/** `action_values` to store: defaults filled, numbers as integers, an update merged into the stored values. */
export function mergeCharacterActionValues(
  incoming: unknown,
  stored?: JsonValues | null,
): RuleResult<JsonValues> {
  return mergeJsonValues('action_values', CHARACTER_ACTION_VALUE_RULES, incoming, stored);
}

/** `skills` to store: defaults filled, every value an integer, an update merged into the stored values. */
export function mergeCharacterSkills(incoming: unknown, stored?: JsonValues | null): RuleResult<JsonValues> {
  return mergeJsonValues('skills', CHARACTER_SKILL_RULES, incoming, stored);
}

/** `description` to store: it REPLACES the stored one (as in Rails), with missing keys back to "". */
export function replaceCharacterDescription(incoming: unknown): RuleResult<JsonValues> {
  return mergeJsonValues('description', CHARACTER_DESCRIPTION_RULES, incoming);
}

/** `status`: a list of known statuses, each once, in the order given. */
export function characterStatus(incoming: unknown): RuleResult<CharacterStatus[]> {
  if (!Array.isArray(incoming)) return { ok: false, errors: { status: [ValueMessages.notAnArray] } };
  if (incoming.length > JSON_VALUES_LIMITS.maxKeys) {
    return { ok: false, errors: { status: [ValueMessages.tooManyItems(JSON_VALUES_LIMITS.maxKeys)] } };
  }
  const known: readonly unknown[] = CHARACTER_STATUSES;
  if (!incoming.every((status) => known.includes(status))) {
    return { ok: false, errors: { status: [`may only hold ${CHARACTER_STATUSES.join(', ')}`] } };
  }
  return { ok: true, value: [...new Set(incoming as CharacterStatus[])] };
}

/** `wealth`: one of the levels, or null for none chosen. */
export function characterWealth(incoming: unknown): RuleResult<Wealth | null> {
  if (incoming === null) return { ok: true, value: null };
  const levels: readonly unknown[] = WEALTH_LEVELS;
  if (!levels.includes(incoming)) return { ok: false, errors: { wealth: [ValueMessages.notIncluded] } };
  return { ok: true, value: incoming as Wealth };
}

/** `impairments`: a whole number, 0 or more. */
export function characterImpairments(incoming: unknown): RuleResult<number> {
  if (incoming === null) return { ok: false, errors: { impairments: [Messages.notNull] } };
  const impairments = toInteger(incoming, { min: 0 });
  return impairments.ok ? impairments : { ok: false, errors: { impairments: [impairments.message] } };
}

/** The value-bearing fields of a character, as stored. */
export interface CharacterValues {
  action_values: JsonValues;
  description: JsonValues;
  skills: JsonValues;
  status: CharacterStatus[];
  wealth: Wealth | null;
  impairments: number;
}

/** Those fields as a create or update body carries them: each may be absent, and none is trusted yet. */
export type CharacterValuesInput = { [Field in keyof CharacterValues]?: unknown };

/**
 * The values to save from a create (no `stored`) or an update (the stored record's values), with every field's
 * errors at once. An absent field keeps its stored value (or its default on create); defaults are filled on
 * every save, as Rails' before_save did.
 */
export function characterValuesToStore(
  input: CharacterValuesInput,
  stored?: CharacterValues,
): RuleResult<CharacterValues> {
  const errors: FieldErrors = {};
  const take = <T>(result: RuleResult<T>, fallback: T): T => takeValue(result, errors, fallback);
  const values: CharacterValues = {
    action_values:
      input.action_values === undefined
        ? withDefaults(DEFAULT_CHARACTER_ACTION_VALUES, stored?.action_values)
        : take(mergeCharacterActionValues(input.action_values, stored?.action_values), {}),
    skills:
      input.skills === undefined
        ? withDefaults(DEFAULT_CHARACTER_SKILLS, stored?.skills)
        : take(mergeCharacterSkills(input.skills, stored?.skills), {}),
    description:
      input.description === undefined
        ? withDefaults(DEFAULT_CHARACTER_DESCRIPTION, stored?.description)
        : take(replaceCharacterDescription(input.description), {}),
    status: input.status === undefined ? (stored?.status ?? []) : take(characterStatus(input.status), []),
    wealth: input.wealth === undefined ? (stored?.wealth ?? null) : take(characterWealth(input.wealth), null),
    impairments:
      input.impairments === undefined
        ? (stored?.impairments ?? 0)
        : take(characterImpairments(input.impairments), 0),
  };
  return hasFieldErrors(errors) ? { ok: false, errors } : { ok: true, value: values };
}

/** How the actor stands towards the current campaign, as far as its characters are concerned. */
export interface CharacterStanding {
  isAdmin: boolean;
  isGamemaster: boolean;
  isMember: boolean;
}

const manages = (standing: CharacterStanding) => standing.isAdmin || standing.isGamemaster;

/** The gamemaster (or an admin) changes any character; a player only those they own. */
export function canChangeCharacter(
  standing: CharacterStanding,
  actorId: string,
  ownerId: string | null | undefined,
): boolean {
  return manages(standing) || (ownerId !== null && ownerId !== undefined && ownerId === actorId);
}

/** Templates (characters new ones are copied from) are for admins: to anyone else they do not exist. */
export function canSeeTemplates(standing: CharacterStanding): boolean {
  return standing.isAdmin;
}

/**
 * Whom a character may be given to by this actor: the gamemaster (or an admin) to anyone (the service checks
 * that the owner plays in the campaign), a player only to themselves.
 */
export function canGiveCharacterTo(
  standing: CharacterStanding,
  actorId: string,
  ownerId: string | null,
): boolean {
  return manages(standing) || ownerId === actorId;
}

/** The owner of a character the actor makes, when the body names none: the actor, if they play in the campaign. */
export function defaultCharacterOwner(standing: CharacterStanding, actorId: string): string | null {
  return standing.isGamemaster || standing.isMember ? actorId : null;
}

const COPY_SUFFIX = / \(\d+\)$/;
const NAME_MAX = 255;

/**
 * The name of a copy of `name`: "X (1)", or the first "X (n)" not in `taken` (names compared without case). A copy
 * of "X (1)" is named from "X" too, so copies of copies count on instead of nesting ("X (1) (1)").
 */
export function copyName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((existing) => existing.toLowerCase()));
  const base = name.replace(COPY_SUFFIX, '');
  for (let number = 1; ; number++) {
    const suffix = ` (${number})`;
    const candidate = `${base.slice(0, NAME_MAX - suffix.length)}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** The base of copyName's names for `name`: what a copy's name starts with. */
export function copyNameBase(name: string): string {
  return name.replace(COPY_SUFFIX, '');
}
