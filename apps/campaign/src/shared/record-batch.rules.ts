import type { FieldErrors } from '@shotcaller/contracts';

export const RecordBatchMessages = {
  repeated: 'is repeated in this batch',
} as const;

/** Errors of the record at `position` of a batch (`{name: [...]}`), keyed as the body has it: `weapons.2.name`. */
export function positionedErrors(plural: string, position: number, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [`${plural}.${position}.${field}`, messages]),
  );
}

/**
 * The records of a batch whose name another before it already has: `keys` are what the campaign's unique index
 * compares (the name without case, and for schticks their category), one per record, in order.
 */
export function repeatedNameErrors(plural: string, keys: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  keys.forEach((key, position) => {
    if (seen.has(key)) errors[`${plural}.${position}.name`] = [RecordBatchMessages.repeated];
    seen.add(key);
  });
  return errors;
}
