import {
  CHARACTER_SHEET_UPLOAD_FIELD,
  ErrorCode,
  RECORD_LABEL_MAX,
  ServiceError,
  SHEET_SCHTICK_DESCRIPTION_MAX,
  SHEET_SCHTICKS_MAX,
  SHEET_WEAPONS_MAX,
  type CharacterFieldsDto,
  type CharacterSheetData,
  type CharacterToExtend,
  type CharacterView,
  type ImportedCharacter,
  type ValueMap,
} from '@shotcaller/contracts';

/**
 * `text` cut to at most `max` UTF-16 units, never between the halves of a surrogate pair (a lone half is text
 * the jobs service refuses).
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

const cutOrNull = (text: string | null, max: number) => (text === null ? null : cutText(text, max));

/**
 * What the `character_sheet` job prints of a character: exactly the fields of CharacterSheetData (the jobs
 * service refuses others), its schticks and weapons up to the sheet's bounds, long texts cut to fit.
 */
export function sheetDataOf(character: CharacterView): CharacterSheetData {
  return {
    name: character.name,
    action_values: character.action_values,
    skills: character.skills,
    description: character.description,
    schticks: character.schticks.slice(0, SHEET_SCHTICKS_MAX).map((schtick) => ({
      name: schtick.name,
      category: cutOrNull(schtick.category, RECORD_LABEL_MAX),
      description: cutOrNull(schtick.description, SHEET_SCHTICK_DESCRIPTION_MAX),
    })),
    weapons: character.weapons.slice(0, SHEET_WEAPONS_MAX).map((weapon) => ({
      name: weapon.name,
      damage: weapon.damage,
      concealment: weapon.concealment,
      reload_value: weapon.reload_value,
    })),
  };
}

/** The names a sheet lists, once each, compared without case (how the campaign keeps names unique). */
export function distinctNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The ids of the records whose names a sheet lists, in the sheet's order; names the campaign lacks are skipped. */
export function idsByName(
  names: readonly string[],
  records: readonly { id: string; name: string }[],
): string[] {
  const byName = new Map(records.map((record) => [record.name.toLowerCase(), record.id]));
  const ids = distinctNames(names).flatMap((name) => byName.get(name.toLowerCase()) ?? []);
  return [...new Set(ids)];
}

/** The character to create from a sheet read back, linked to the campaign's schticks and weapons it names. */
export function characterFieldsOfSheet(
  imported: ImportedCharacter,
  links: { schtick_ids: string[]; weapon_ids: string[] },
): CharacterFieldsDto {
  return {
    name: imported.name,
    action_values: imported.action_values,
    skills: imported.skills,
    description: imported.description,
    schtick_ids: links.schtick_ids,
    weapon_ids: links.weapon_ids,
  };
}

/**
 * A refusal of the `import_sheet` job (not a PDF, not one of our sheets, a field out of bounds) as the field
 * error the upload form shows: `{errors: {pdf_file: [message]}}`. Undefined for any other failure (503, 504...).
 */
export function sheetImportRefusal(error: unknown): ServiceError | undefined {
  if (!(error instanceof ServiceError) || error.code !== ErrorCode.ValidationFailed) return undefined;
  const refusal = error.details?.error as { code?: unknown; message?: unknown } | undefined;
  if (typeof refusal?.code !== 'string' || typeof refusal.message !== 'string') return undefined;
  return ServiceError.validation(
    { [CHARACTER_SHEET_UPLOAD_FIELD]: [refusal.message] },
    'The file is not a character sheet that can be imported',
  );
}

/** A value map without its null entries (a seeded character may hold some; the ai job takes text only). */
function withoutNulls(values: ValueMap): ValueMap {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null));
}

/** What `extend_character` starts from: the character's name and JSON fields as stored. */
export function characterToExtend(character: {
  name: string;
  actionValues: ValueMap;
  skills: ValueMap;
  description: ValueMap;
}): CharacterToExtend {
  return {
    name: character.name,
    action_values: character.actionValues,
    skills: character.skills,
    description: withoutNulls(character.description),
  };
}
