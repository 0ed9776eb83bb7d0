import {
  CHARACTER_TYPES,
  GENERATED_ACTION_VALUE_RANGES,
  GENERATED_DESCRIPTION_LONG_MAX,
  GENERATED_SKILL_RANGE,
  type CharacterToExtend,
  type CharacterType,
  type GeneratedActionValueKey,
  type GeneratedCharacterJson,
  type MapValue,
} from '@shotcaller/contracts';
import { extendCharacter } from './generated-character.rules.js';
import { seededRandom, seedFromText, type SeededRandom } from './seeded-random.js';
import { ARCHETYPES, type ArchetypeTable } from './tables/archetypes.js';
import { BUILDS, EYE_COLORS, HAIR_COLORS, MANNERISMS } from './tables/descriptions.js';
import { EPITHETS, FAMILY_NAMES, GIVEN_NAMES } from './tables/names.js';

/*
 * The generator used when no AI provider is configured: a character built from the archetype and name tables,
 * every choice drawn from a PRNG seeded by the job's seed or by its description, so the same request always
 * gives the same character.
 */

/** Words that make a character something other than a player character; checked in this order. */
const TYPE_WORDS: readonly (readonly [CharacterType, readonly string[]])[] = [
  [
    'Uber-Boss',
    ['uber-boss', 'uber boss', 'uberboss', 'über-boss', 'archvillain', 'arch-villain', 'big bad'],
  ],
  ['Boss', ['boss', 'kingpin', 'mastermind', 'warlord', 'crime lord', 'villain']],
  ['Featured Foe', ['featured foe', 'lieutenant', 'enforcer', 'rival', 'nemesis']],
  ['Mook', ['mook', 'mooks', 'goon', 'goons', 'minion', 'minions', 'thug', 'thugs', 'henchman', 'henchmen']],
  ['Ally', ['ally', 'sidekick', 'companion', 'informant', 'contact']],
];

/** How a non-player character's numbers are set, whatever its archetype (Feng Shui 2's NPC scale). */
interface TypeProfile {
  attack: number;
  defense: number;
  toughness: number;
  speed: number;
  damage: number;
  /** Added to the archetype's skills (capped); null drops skills altogether (mooks have none). */
  skillBonus: number | null;
}

const TYPE_PROFILES: Partial<Record<CharacterType, TypeProfile>> = {
  Mook: { attack: 8, defense: 13, toughness: 0, speed: 5, damage: 7, skillBonus: null },
  'Featured Foe': { attack: 13, defense: 13, toughness: 6, speed: 6, damage: 9, skillBonus: 0 },
  Ally: { attack: 13, defense: 13, toughness: 6, speed: 6, damage: 9, skillBonus: 0 },
  Boss: { attack: 15, defense: 15, toughness: 7, speed: 7, damage: 11, skillBonus: 1 },
  'Uber-Boss': { attack: 18, defense: 17, toughness: 9, speed: 8, damage: 13, skillBonus: 2 },
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function mentions(text: string, phrase: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(phrase)}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

/** The character type a description asks for ("a boss", "three mooks"), a player character when none. */
export function typeFromText(text: string): CharacterType {
  for (const [type, words] of TYPE_WORDS) {
    if (words.some((word) => mentions(text, word))) return type;
  }
  return 'PC';
}

/** The archetype whose keywords (or name) the text mentions most, or undefined when it mentions none. */
export function archetypeFromText(text: string): ArchetypeTable | undefined {
  let best: ArchetypeTable | undefined;
  let bestScore = 0;
  for (const archetype of ARCHETYPES) {
    const score =
      archetype.keywords.filter((keyword) => mentions(text, keyword)).length +
      (mentions(text, archetype.name) ? 2 : 0);
    if (score > bestScore) {
      best = archetype;
      bestScore = score;
    }
  }
  return best;
}

function clamp(key: GeneratedActionValueKey, value: number): number {
  const [min, max] = GENERATED_ACTION_VALUE_RANGES[key];
  return Math.min(max, Math.max(min, value));
}

function actionValuesFor(
  archetype: ArchetypeTable,
  type: CharacterType,
  random: SeededRandom,
): Record<string, MapValue> {
  const values: Partial<Record<GeneratedActionValueKey, number>> = { ...archetype.actionValues };
  const profile = TYPE_PROFILES[type];
  if (profile) {
    // Mooks are all alike; named foes vary by a point either way.
    const vary = () => (type === 'Mook' ? 0 : random.between(-1, 1));
    values[archetype.mainAttack] = profile.attack + vary();
    if (archetype.secondaryAttack) values[archetype.secondaryAttack] = profile.attack - 2 + vary();
    values.Defense = profile.defense + vary();
    values.Toughness = profile.toughness;
    values.Speed = profile.speed;
    values.Damage = profile.damage;
    values.Fortune = 0;
  }
  const result: Record<string, MapValue> = {};
  for (const key of Object.keys(GENERATED_ACTION_VALUE_RANGES) as GeneratedActionValueKey[]) {
    result[key] = clamp(key, values[key] ?? 0);
  }
  result['Max Fortune'] = result.Fortune ?? 0;
  result.FortuneType = archetype.fortuneType;
  result.MainAttack = archetype.mainAttack;
  result.SecondaryAttack = archetype.secondaryAttack;
  result.Type = type;
  result.Archetype = archetype.name;
  return result;
}

function skillsFor(archetype: ArchetypeTable, type: CharacterType): Record<string, number> {
  const profile = TYPE_PROFILES[type];
  if (profile?.skillBonus === null) return {};
  const bonus = profile?.skillBonus ?? 0;
  const [, max] = GENERATED_SKILL_RANGE;
  return Object.fromEntries(
    Object.entries(archetype.skills).map(([skill, rating]) => [skill, Math.min(max, rating + bonus)]),
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The user's own words kept with the background, cut to what the field holds. */
function backgroundWith(background: string, concept: string): string {
  const text = concept.trim() === '' ? background : `${background}\n\nConcept: ${concept.trim()}`;
  return text.length <= GENERATED_DESCRIPTION_LONG_MAX
    ? text
    : `${text.slice(0, GENERATED_DESCRIPTION_LONG_MAX - 1)}…`;
}

/** A character of `archetype` and `type`, its name and looks drawn from `random`. */
export function buildCharacter(
  archetype: ArchetypeTable,
  type: CharacterType,
  random: SeededRandom,
  concept: string,
): GeneratedCharacterJson {
  const given = random.pick(GIVEN_NAMES);
  const family = random.pick(FAMILY_NAMES);
  const epithet = random.next() < 0.3 ? random.pick(EPITHETS) : undefined;
  const build = random.pick(BUILDS);
  const [youngest, oldest] = archetype.ages;
  return {
    name: epithet ? `${given} "${epithet}" ${family}` : `${given} ${family}`,
    action_values: actionValuesFor(archetype, type, random),
    skills: skillsFor(archetype, type),
    description: {
      Nicknames: epithet ?? '',
      Age: String(random.between(youngest, oldest)),
      Height: build.height,
      Weight: build.weight,
      'Hair Color': random.pick(HAIR_COLORS),
      'Eye Color': random.pick(EYE_COLORS),
      'Style of Dress': random.pick(archetype.stylesOfDress),
      Appearance: `${capitalized(build.look)}; ${random.pick(MANNERISMS)}.`,
      Background: backgroundWith(random.pick(archetype.backgrounds), concept),
      'Melodramatic Hook': random.pick(archetype.hooks),
    },
  };
}

/** A new character from a description: its keywords pick the type and archetype, the rest is seeded chance. */
export function generateLocalCharacter(request: {
  description: string;
  seed?: number;
}): GeneratedCharacterJson {
  const description = request.description.trim();
  const random = seededRandom(request.seed ?? seedFromText(description));
  const archetype = archetypeFromText(description) ?? random.pick(ARCHETYPES);
  return buildCharacter(archetype, typeFromText(description), random, description);
}

const isCharacterType = (value: unknown): value is CharacterType =>
  (CHARACTER_TYPES as readonly unknown[]).includes(value);

/**
 * An existing character with its blanks filled in: its archetype (by name, else by the words of its archetype,
 * description and the request) and its type decide the values it gets; what it already has is kept.
 */
export function extendLocalCharacter(request: {
  character: CharacterToExtend;
  description?: string;
  seed?: number;
}): GeneratedCharacterJson {
  const { character } = request;
  const wanted = request.description?.trim() ?? '';
  const archetypeName = character.action_values?.Archetype;
  const text = [archetypeName, wanted, ...Object.values(character.description ?? {})]
    .filter((part): part is string => typeof part === 'string')
    .join('\n');
  const random = seededRandom(request.seed ?? seedFromText(`${character.name}\n${wanted}`));
  const archetype =
    ARCHETYPES.find(
      (table) =>
        typeof archetypeName === 'string' && table.name.toLowerCase() === archetypeName.trim().toLowerCase(),
    ) ??
    archetypeFromText(text) ??
    random.pick(ARCHETYPES);
  const type = character.action_values?.Type;
  const generated = buildCharacter(
    archetype,
    isCharacterType(type) ? type : typeFromText(wanted),
    random,
    wanted,
  );
  return extendCharacter(character, generated);
}
