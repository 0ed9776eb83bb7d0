import { CORE_SCHTICK_PATH, SCHTICK_CATEGORIES, type FieldErrors } from '@shotcaller/contracts';
import { addFieldError, ValueMessages } from '../shared/values.rules.js';

/** Core schticks are open to every archetype: their category is not checked. */
export const CORE_PATH = CORE_SCHTICK_PATH;

/** Where a schtick sits in the tree; both may be missing (null). */
export interface SchtickPlace {
  category: string | null;
  path: string | null;
}

export const SchtickMessages = {
  prerequisiteElsewhere: 'must be in the same category and path',
  prerequisiteItself: "can't be the schtick itself",
  prerequisiteCycle: "can't be a schtick that requires this one",
} as const;

/** The category is one of the list, or null, unless the path is Core (then anything goes). */
export function schtickCategoryErrors(schtick: SchtickPlace): FieldErrors {
  const errors: FieldErrors = {};
  if (schtick.path === CORE_PATH || schtick.category === null) return errors;
  const categories: readonly string[] = SCHTICK_CATEGORIES;
  if (!categories.includes(schtick.category)) addFieldError(errors, 'category', ValueMessages.notIncluded);
  return errors;
}

/**
 * A prerequisite must share the schtick's category and path (null matching null, as in Rails). Ids are compared
 * when both are known, so a schtick cannot require itself.
 */
export function schtickPrerequisiteErrors(
  schtick: SchtickPlace & { id?: string },
  prerequisite: (SchtickPlace & { id?: string }) | null,
): FieldErrors {
  const errors: FieldErrors = {};
  if (!prerequisite) return errors;
  if (schtick.id !== undefined && schtick.id === prerequisite.id) {
    addFieldError(errors, 'prerequisite', SchtickMessages.prerequisiteItself);
  } else if (prerequisite.category !== schtick.category || prerequisite.path !== schtick.path) {
    addFieldError(errors, 'prerequisite', SchtickMessages.prerequisiteElsewhere);
  }
  return errors;
}

/** Both checks together, as one `{field: [messages]}`. */
export function schtickErrors(
  schtick: SchtickPlace & { id?: string },
  prerequisite: (SchtickPlace & { id?: string }) | null,
): FieldErrors {
  return { ...schtickCategoryErrors(schtick), ...schtickPrerequisiteErrors(schtick, prerequisite) };
}

/**
 * A prerequisite must not require the schtick, directly or through others: `chain` is the prerequisite and the
 * schticks it requires in turn (its own id first).
 */
export function schtickPrerequisiteCycleErrors(schtickId: string, chain: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  if (chain.slice(1).includes(schtickId))
    addFieldError(errors, 'prerequisite', SchtickMessages.prerequisiteCycle);
  return errors;
}
