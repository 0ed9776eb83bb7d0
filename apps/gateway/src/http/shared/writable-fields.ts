/**
 * The writable fields of a record body: the client sends the whole record back; only `fields` that were sent are
 * kept, the rest (its representation) is dropped here.
 */
export function writableFields<T extends object, K extends keyof T>(
  input: T,
  fields: readonly K[],
): Pick<T, K> {
  return Object.fromEntries(
    fields.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]),
  ) as Pick<T, K>;
}
