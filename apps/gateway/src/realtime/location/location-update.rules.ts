import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  assertAcceptableInput,
  ErrorCode,
  LocationPositionInput,
  ServiceError,
  toFieldErrors,
} from '@shotcaller/contracts';

/**
 * The position a `location:update` message carries, checked like an HTTP body: an object of the known fields
 * only, finite numbers in range (NaN arrives as null and is refused), a readable time. Anything else is an
 * `invalid_payload` ServiceError naming the fields.
 */
export function positionOfMessage(payload: unknown): LocationPositionInput {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw ServiceError.invalidPayload({ base: ['must be an object'] });
  }
  assertAcceptableInput(payload, ErrorCode.InvalidPayload);
  const input = plainToInstance(LocationPositionInput, payload);
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw ServiceError.invalidPayload(toFieldErrors(errors));
  return input;
}
