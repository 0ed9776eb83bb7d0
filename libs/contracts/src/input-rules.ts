import type { Type } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsDefined,
  registerDecorator,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { QueryBoolean } from './rules.js';
import { Messages } from './validation.js';

const NULLABLE_FIELDS = Symbol('nullableFields');

/** The fields of a DTO class declared `Optional({nullable: true})`, its ancestors' included. */
function nullableFields(dto: object): Set<string> {
  const own = Reflect.getOwnMetadata(NULLABLE_FIELDS, dto) as Set<string> | undefined;
  if (own) return own;
  const inherited = Reflect.getMetadata(NULLABLE_FIELDS, dto) as Set<string> | undefined;
  const fields = new Set(inherited);
  Reflect.defineMetadata(NULLABLE_FIELDS, fields, dto);
  return fields;
}

/** Name of the constraint that refuses `null` where a field is not nullable; reported like a missing value. */
export const NOT_NULL_CONSTRAINT = 'notNull';

function NotNull(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: NOT_NULL_CONSTRAINT,
      target: target.constructor,
      propertyName,
      options: { message: Messages.notNull, ...options },
      validator: { validate: (value: unknown) => value !== null },
    });
}

/**
 * An optional field: absent, or valid. Unlike class-validator's IsOptional, `null` is not a way to be absent: it
 * is refused ("can't be null") unless the field is declared `nullable`, and then it means "clear this value".
 * Every DTO uses this instead of IsOptional (a lint rule forbids IsOptional).
 */
export function Optional({ nullable = false }: { nullable?: boolean } = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const name = String(propertyName);
    if (nullable) nullableFields(target.constructor).add(name);
    ValidateIf((object: Record<string, unknown>) =>
      nullable ? object[name] !== undefined && object[name] !== null : object[name] !== undefined,
    )(target, name);
    if (!nullable) NotNull()(target, name);
  };
}

/** A field that must be present but may be `null` (`{"id": null}` clears the current campaign). */
export function Nullable(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const name = String(propertyName);
    nullableFields(target.constructor).add(name);
    IsDefined({ message: Messages.blank })(target, name);
    ValidateIf((object: Record<string, unknown>) => object[name] !== null)(target, name);
  };
}

/**
 * The client's forms start from blank defaults (`id: ""`, `user_id: ""`, `started_at: ""`:
 * src/types/defaults.ts)
 * and `queryParams` sends `key=` for an unset filter (src/lib/queryParams.ts). Where an empty string is not a
 * meaningful value (ids, enums, timestamps, numbers, flags) it is read as absent: it changes nothing. `null` clears.
 */
export const BlankAsAbsent = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() === '' ? undefined : value,
  );

/**
 * A query flag: "true"/"1", "false"/"0"; blank is the flag not sent (as Rails read it). Every boolean query
 * parameter uses this, the index's `autocomplete` included.
 */
export function FlagFilter(): PropertyDecorator {
  const rules = [
    Optional(),
    BlankAsAbsent(),
    QueryBoolean(),
    IsBoolean({ message: 'must be true or false' }),
  ];
  return (target, property) => {
    for (const rule of rules) rule(target, property);
  };
}

/**
 * Every field of a DTO made optional by the Optional() rule: absent, or valid; `null` only where the original
 * declares the field nullable. (Nest's PartialType would make every field accept `null` as absent.)
 */
export function PartialDto<T>(dto: Type<T>): Type<Partial<T>> {
  const partial = PartialType(dto, { skipNullProperties: false });
  const nullable = nullableFields(dto);
  const fields = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  for (const field of fields) {
    if (nullable.has(field)) nullableFields(partial).add(field);
    else NotNull()(partial.prototype as object, field);
  }
  return partial;
}
