import { isStorableText, RECORD_LABEL_MAX, RECORD_NAME_MAX, type FieldErrors } from '@shotcaller/contracts';
import { characterValuesToStore, type CharacterValues } from '../characters/character.rules.js';
import { schtickErrors } from '../schticks/schtick.rules.js';
import type { RuleResult } from '../shared/values.rules.js';
import { vehicleValuesToStore, type VehicleValues } from '../vehicles/vehicle.rules.js';
import { DEFAULT_WEAPON_VALUES, weaponValuesToStore, type WeaponValues } from '../weapons/weapon.rules.js';
import type {
  StarterCharacter,
  StarterContent,
  StarterVehicle,
  StarterWeapon,
} from './starter-content.types.js';

/** Starter content with every value as it will be stored (defaults filled, numbers as integers). */
export interface PreparedStarterContent extends Omit<StarterContent, 'characters' | 'weapons' | 'vehicles'> {
  characters: (StarterCharacter & { values: CharacterValues })[];
  weapons: (StarterWeapon & { values: WeaponValues })[];
  vehicles: (StarterVehicle & { values: VehicleValues })[];
}

export type PreparedResult = { ok: true; value: PreparedStarterContent } | { ok: false; problems: string[] };

/** The key two names of one kind clash on: the database compares them case-insensitively. */
export const nameKey = (name: string): string => name.toLowerCase();

/**
 * Checks starter content by the rules the API applies to the same records (character, vehicle and weapon values,
 * schtick category and prerequisite), plus what linking by name needs: names present, short enough, unique per
 * kind, and every name a record refers to defined. Answers the values to store, or every problem at once.
 */
export function prepareStarterContent(content: StarterContent): PreparedResult {
  const problems: string[] = [];
  const report = (where: string, errors: FieldErrors) => {
    for (const [field, messages] of Object.entries(errors)) {
      for (const message of messages) problems.push(`${where}.${field} ${message}`);
    }
  };
  /** A rule's value; when it failed, its errors are reported and `fallback` stands in (nothing is written then). */
  const take = <T>(where: string, result: RuleResult<T>, fallback: T): T => {
    if (result.ok) return result.value;
    report(where, result.errors);
    return fallback;
  };

  const names = (kind: string, records: { name: string }[]): Set<string> => {
    const seen = new Set<string>();
    for (const record of records) {
      const problem = textProblem(record.name, RECORD_NAME_MAX, true);
      if (problem) problems.push(`${kind}[${JSON.stringify(record.name)}].name ${problem}`);
      const key = nameKey(record.name);
      if (seen.has(key)) problems.push(`${kind}[${JSON.stringify(record.name)}].name is used twice`);
      seen.add(key);
    }
    return seen;
  };
  const where = (kind: string, name: string) => `${kind}[${JSON.stringify(name)}]`;
  const link = (at: string, field: string, name: string | undefined, known: Set<string>) => {
    if (name !== undefined && !known.has(nameKey(name)))
      problems.push(`${at}.${field} names no ${field}: ${name}`);
  };

  const campaignProblem = textProblem(content.campaign.name, 100, true);
  if (campaignProblem) problems.push(`campaign.name ${campaignProblem}`);

  const factions = names('factions', content.factions);
  const junctures = names('junctures', content.junctures);
  // Schticks are linked by name alone, so names are unique across categories here (the database allows repeats).
  const schticks = names('schticks', content.schticks);
  const weapons = names('weapons', content.weapons);
  names('characters', content.characters);
  names('vehicles', content.vehicles);

  for (const juncture of content.junctures) {
    link(where('junctures', juncture.name), 'faction', juncture.faction, factions);
  }

  const schtickByName = new Map(content.schticks.map((schtick) => [nameKey(schtick.name), schtick]));
  for (const schtick of content.schticks) {
    const at = where('schticks', schtick.name);
    for (const [field, value] of [
      ['category', schtick.category],
      ['path', schtick.path],
      ...schtick.archetypes.map((archetype) => ['archetypes', archetype]),
    ] as const) {
      const problem = textProblem(value, RECORD_LABEL_MAX, true);
      if (problem) problems.push(`${at}.${field} ${problem}`);
    }
    const prerequisite =
      schtick.prerequisite === undefined ? null : (schtickByName.get(nameKey(schtick.prerequisite)) ?? null);
    link(at, 'prerequisite', schtick.prerequisite, schticks);
    report(
      at,
      schtickErrors(
        { id: nameKey(schtick.name), category: schtick.category, path: schtick.path },
        prerequisite && {
          id: nameKey(prerequisite.name),
          category: prerequisite.category,
          path: prerequisite.path,
        },
      ),
    );
  }

  const preparedWeapons = content.weapons.map((weapon) => ({
    ...weapon,
    values: take(where('weapons', weapon.name), weaponValuesToStore(weapon), {
      ...DEFAULT_WEAPON_VALUES,
      damage: 0,
    }),
  }));

  const preparedCharacters = content.characters.map((character) => {
    const at = where('characters', character.name);
    link(at, 'faction', character.faction, factions);
    link(at, 'juncture', character.juncture, junctures);
    for (const schtick of character.schticks) link(at, 'schticks', schtick, schticks);
    for (const weapon of character.weapons) link(at, 'weapons', weapon, weapons);
    if (
      character.equipped_weapon !== undefined &&
      !character.weapons.some((weapon) => nameKey(weapon) === nameKey(character.equipped_weapon ?? ''))
    ) {
      problems.push(`${at}.equipped_weapon is not one of its weapons`);
    }
    return {
      ...character,
      values: take(
        at,
        characterValuesToStore({
          action_values: character.action_values,
          skills: character.skills,
          description: character.description,
          wealth: character.wealth ?? null,
        }),
        { action_values: {}, skills: {}, description: {}, status: [], wealth: null, impairments: 0 },
      ),
    };
  });

  const preparedVehicles = content.vehicles.map((vehicle) => {
    const at = where('vehicles', vehicle.name);
    link(at, 'faction', vehicle.faction, factions);
    link(at, 'juncture', vehicle.juncture, junctures);
    return {
      ...vehicle,
      values: take(at, vehicleValuesToStore(vehicle), { action_values: {}, description: {} }),
    };
  });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      ...content,
      weapons: preparedWeapons,
      characters: preparedCharacters,
      vehicles: preparedVehicles,
    },
  };
}

function textProblem(value: unknown, maxLength: number, required: boolean): string | undefined {
  if (typeof value !== 'string') return 'must be text';
  if (required && value.trim() === '') return "can't be blank";
  if (!isStorableText(value)) return 'has characters that are not allowed';
  if (value.length > maxLength) return `is too long (maximum is ${maxLength} characters)`;
  return undefined;
}
