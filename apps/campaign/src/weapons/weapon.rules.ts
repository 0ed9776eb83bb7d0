import { Messages, type FieldErrors } from '@shotcaller/contracts';
import {
  addFieldError,
  hasFieldErrors,
  toInteger,
  ValueMessages,
  type RuleResult,
} from '../shared/values.rules.js';

/** The numeric and flag columns of a weapon, as stored. */
export interface WeaponValues {
  damage: number;
  concealment: number | null;
  reload_value: number | null;
  mook_bonus: number;
  kachunk: boolean;
}

export type WeaponValuesInput = { [Field in keyof WeaponValues]?: unknown };

/** Values a weapon gets on create when the body leaves them out (damage has none: it is required). */
export const DEFAULT_WEAPON_VALUES: Omit<WeaponValues, 'damage'> = {
  concealment: null,
  reload_value: null,
  mook_bonus: 0,
  kachunk: false,
};

/** Null or blank text: "no value", as Rails read an empty form field for an integer column. */
function isBlank(value: unknown): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * The values to save from a create (no `stored`) or an update (the stored record's values), with every field's
 * errors at once. Damage is required; concealment and reload_value may be cleared (null); mook_bonus and kachunk
 * may not (NOT NULL, default 0 and false); numeric text ("7") becomes an integer, anything else is refused.
 */
export function weaponValuesToStore(
  input: WeaponValuesInput,
  stored?: WeaponValues,
): RuleResult<WeaponValues> {
  const errors: FieldErrors = {};
  const base = stored ?? { ...DEFAULT_WEAPON_VALUES, damage: 0 };

  const requiredInteger = (field: 'damage' | 'mook_bonus', value: unknown): number => {
    if (isBlank(value)) {
      addFieldError(errors, field, Messages.blank);
      return 0;
    }
    const integer = toInteger(value);
    if (integer.ok) return integer.value;
    addFieldError(errors, field, integer.message);
    return 0;
  };
  const optionalInteger = (field: 'concealment' | 'reload_value', value: unknown): number | null => {
    if (isBlank(value)) return null;
    const integer = toInteger(value);
    if (integer.ok) return integer.value;
    addFieldError(errors, field, integer.message);
    return null;
  };

  const values: WeaponValues = {
    damage:
      input.damage === undefined && stored ? stored.damage : requiredInteger('damage', input.damage ?? null),
    mook_bonus:
      input.mook_bonus === undefined ? base.mook_bonus : requiredInteger('mook_bonus', input.mook_bonus),
    concealment:
      input.concealment === undefined ? base.concealment : optionalInteger('concealment', input.concealment),
    reload_value:
      input.reload_value === undefined
        ? base.reload_value
        : optionalInteger('reload_value', input.reload_value),
    kachunk: base.kachunk,
  };
  if (input.kachunk !== undefined) {
    if (typeof input.kachunk === 'boolean') values.kachunk = input.kachunk;
    else addFieldError(errors, 'kachunk', ValueMessages.notBoolean);
  }
  return hasFieldErrors(errors) ? { ok: false, errors } : { ok: true, value: values };
}
