/*
 * The form fields of a character sheet. Their names are the import's contract with every sheet already handed
 * out: never rename one.
 *
 *   name                       the character's name
 *   action_values.<key>        Type, Archetype, FortuneType, MainAttack, SecondaryAttack, Guns ... Damage, and
 *                              the character's own keys
 *   skills.<key>               the standard skills and the character's own
 *   description.<key>          Nicknames ... Melodramatic Hook, and the character's own keys
 *   schticks                   one schtick name a line
 *   weapons                    one weapon a line: `Name (damage/concealment/reload)`, "-" for a missing number
 *
 * A PDF field name is split into parts at ".", so a key is written with "%" as "%25" and "." as "%2E".
 */

export const SheetFields = {
  name: 'name',
  schticks: 'schticks',
  weapons: 'weapons',
} as const;

/** The groups of fields named `<group>.<key>`. */
export const SHEET_FIELD_GROUPS = ['action_values', 'skills', 'description'] as const;
export type SheetFieldGroup = (typeof SHEET_FIELD_GROUPS)[number];

/** The action values held as text (the spec's defaults), shown before the numbers. */
export const SHEET_TEXT_ACTION_VALUES = [
  'Type',
  'Archetype',
  'FortuneType',
  'MainAttack',
  'SecondaryAttack',
] as const;

/** How the sheet labels an action value whose key is not a readable name. */
export const ACTION_VALUE_LABELS: Readonly<Record<string, string>> = {
  FortuneType: 'Fortune Type',
  MainAttack: 'Main Attack',
  SecondaryAttack: 'Secondary Attack',
};

/** Description keys short enough for a one-line field; the others get a box. */
export const SHORT_DESCRIPTION_KEYS: readonly string[] = [
  'Nicknames',
  'Age',
  'Height',
  'Weight',
  'Hair Color',
  'Eye Color',
  'Style of Dress',
];

/** The field of `key` in `group`: `skills.Fix-It`, `action_values.Martial Arts`, `skills.Sci%2E Fi`. */
export function sheetFieldName(group: SheetFieldGroup, key: string): string {
  return `${group}.${key.replace(/%/g, '%25').replace(/\./g, '%2E')}`;
}

/**
 * The group and key a field name stands for, or undefined when it is not one of them (another form's field,
 * or an escape this sheet never writes).
 */
export function keyOfSheetField(fieldName: string): { group: SheetFieldGroup; key: string } | undefined {
  const dot = fieldName.indexOf('.');
  if (dot < 0) return undefined;
  const group = SHEET_FIELD_GROUPS.find((candidate) => candidate === fieldName.slice(0, dot));
  const written = fieldName.slice(dot + 1);
  if (!group || written === '' || written.includes('.') || /%(?!25|2E)/i.test(written)) return undefined;
  return { group, key: written.replace(/%2E/gi, '.').replace(/%25/g, '%') };
}

/** A weapon's line in the `weapons` field. */
export function weaponLine(weapon: {
  name: string;
  damage: number;
  concealment?: number | null;
  reload_value?: number | null;
}): string {
  const stat = (value: number | null | undefined) =>
    value === null || value === undefined ? '-' : String(value);
  return `${weapon.name} (${weapon.damage}/${stat(weapon.concealment)}/${stat(weapon.reload_value)})`;
}

const WEAPON_STATS = /\s*\(\s*(\d+|-)\s*\/\s*(\d+|-)\s*\/\s*(\d+|-)\s*\)\s*$/;

/** A weapon's name from its line: the stats in parentheses at the end, if any, dropped. */
export function weaponNameOfLine(line: string): string {
  return line.replace(WEAPON_STATS, '').trim();
}
