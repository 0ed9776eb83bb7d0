import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ErrorCode, ServiceError, type FieldErrors } from '../errors.js';
import { assertAcceptableInput } from '../input-shape.js';
import { toFieldErrors } from '../validation.js';

/*
 * Unit specs of the record DTOs check an input the way the gateway's RequestValidationPipe does: its shape
 * first
 * (nesting, sizes, NUL and lone surrogates), then the class with unknown fields refused (bodies) or dropped
 * (queries). Not used by production code.
 */

type Dto = new () => object;

/** What the pipe would refuse: field errors by attribute (the body envelope left out), or the shape problem. */
export function refusals(dto: Dto, body: unknown, envelope?: string, { query = false } = {}): FieldErrors {
  try {
    assertAcceptableInput(body, ErrorCode.ValidationFailed);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return unwrap(error.details?.errors ?? { [error.code]: [error.message] }, envelope);
  }
  const instance = plainToInstance(dto, body);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: !query,
    forbidUnknownValues: true,
  });
  return unwrap(toFieldErrors(errors), envelope);
}

/** The DTO instance the pipe would hand on, after its transforms; throws when the input is refused. */
export function accepted<T extends object>(dto: new () => T, body: unknown, { query = false } = {}): T {
  const problems = refusals(dto, body, undefined, { query });
  if (Object.keys(problems).length > 0) throw new Error(`refused: ${JSON.stringify(problems)}`);
  return plainToInstance(dto, body);
}

/** Keys as the client reads them (`errors.name`), whether or not the envelope is one validation.ts strips. */
function unwrap(errors: FieldErrors, envelope?: string): FieldErrors {
  if (!envelope) return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([key, messages]) => [
      key.startsWith(`${envelope}.`) ? key.slice(envelope.length + 1) : key,
      messages,
    ]),
  );
}

export const UUID = {
  a: '0b5b7f5e-3c1a-4d7e-9a55-2f6c1d8e4a01',
  b: '1c6c8a6f-4d2b-4e8f-8b66-3a7d2e9f5b12',
  c: '2d7d9b70-5e3c-4f90-9c77-4b8e3fa06c23',
  d: '3e8eac81-6f4d-4a01-8d88-5c9f4ab17d34',
} as const;
