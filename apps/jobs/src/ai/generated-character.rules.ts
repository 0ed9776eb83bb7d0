import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  CHARACTER_DESCRIPTION_KEYS,
  CHARACTER_INTEGER_ACTION_VALUES,
  GeneratedCharacter,
  inspectInput,
  toFieldErrors,
  type CharacterToExtend,
  type GeneratedCharacterJson,
  type MapValue,
} from '@shotcaller/contracts';

export type CharacterCheck =
  { ok: true; character: GeneratedCharacterJson } | { ok: false; problems: string[] };

/** The problems listed back to a provider (and in a failure's message) are capped: a broken answer has many. */
const PROBLEMS_SHOWN = 12;

/**
 * Whether `value` is a character a generator may hand back: the GeneratedCharacter schema (unknown keys dropped,
 * text storable), completed with the defaults of the keys it may leave out.
 */
export function checkGeneratedCharacter(value: unknown): CharacterCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: ['the answer must be one JSON object'] };
  }
  const shape = inspectInput(value);
  if (shape.problem) return { ok: false, problems: [shape.problem.message] };
  if (shape.badText.length > 0) {
    return {
      ok: false,
      problems: shape.badText.map((path) => `${path.join('.')}: contains a NUL or an unpaired surrogate`),
    };
  }
  const character = plainToInstance(GeneratedCharacter, value);
  const errors = validateSync(character, { whitelist: true });
  if (errors.length > 0) {
    const problems = Object.entries(toFieldErrors(errors)).map(
      ([field, messages]) => `${field}: ${messages.join(', ')}`,
    );
    return { ok: false, problems: problems.slice(0, PROBLEMS_SHOWN) };
  }
  return { ok: true, character: completeCharacter(character) };
}

/** A model's reply as text: the JSON object, allowing for a Markdown code fence some models wrap it in. */
export function parseCharacterAnswer(content: string): CharacterCheck {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  const text = fenced ? fenced[1] : content;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['the answer is not valid JSON'] };
  }
  return checkGeneratedCharacter(value);
}

/** A valid generated character with every standard key: missing numbers 0, Max Fortune as much as Fortune. */
export function completeCharacter(character: GeneratedCharacter): GeneratedCharacterJson {
  const given = character.action_values as unknown as Record<string, MapValue | undefined>;
  const actionValues: Record<string, MapValue> = {};
  for (const key of CHARACTER_INTEGER_ACTION_VALUES) actionValues[key] = given[key] ?? 0;
  actionValues['Max Fortune'] = given['Max Fortune'] ?? actionValues.Fortune ?? 0;
  actionValues.FortuneType = character.action_values.FortuneType ?? 'Fortune';
  actionValues.MainAttack = character.action_values.MainAttack;
  actionValues.SecondaryAttack = character.action_values.SecondaryAttack ?? null;
  actionValues.Type = character.action_values.Type;
  actionValues.Archetype = character.action_values.Archetype.trim();

  const givenDescription = character.description as unknown as Record<string, string | undefined>;
  const description: Record<string, string> = {};
  for (const key of CHARACTER_DESCRIPTION_KEYS) description[key] = givenDescription[key]?.trim() ?? '';

  return {
    name: character.name,
    action_values: actionValues,
    skills: { ...character.skills },
    description,
  };
}

/** A value a player left at its blank default: absent, null, empty text or 0. */
function isBlank(value: MapValue | undefined): boolean {
  return value === undefined || value === null || value === '' || value === 0;
}

/** Takes `existing[key]` unless it is blank, then the generated value (the existing one when there is none). */
function fillIn<T extends MapValue>(
  existing: Record<string, MapValue> | undefined,
  generated: Record<string, T>,
): Record<string, MapValue> {
  const result: Record<string, MapValue> = { ...existing };
  for (const [key, value] of Object.entries(generated)) {
    if (isBlank(result[key])) result[key] = value;
  }
  return result;
}

/**
 * An existing character extended by a generated one: its name and every value it already has are kept, its
 * blanks (0, empty text) filled from the generated character. Its Type stays whatever it is, even the default.
 */
export function extendCharacter(
  existing: CharacterToExtend,
  generated: GeneratedCharacterJson,
): GeneratedCharacterJson {
  const actionValues = fillIn(existing.action_values, generated.action_values);
  const type = existing.action_values?.Type;
  if (typeof type === 'string' && type !== '') actionValues.Type = type;
  return {
    name: existing.name.trim(),
    action_values: actionValues,
    skills: fillIn(existing.skills, generated.skills) as Record<string, number | null>,
    description: fillIn(existing.description, generated.description) as Record<string, string>,
  };
}
