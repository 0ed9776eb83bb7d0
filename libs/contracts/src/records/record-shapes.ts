import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { FlagFilter } from '../characters/record-rules.js';
import { Messages } from '../validation.js';

/*
 * The bodies and NATS payloads every campaign record (faction, juncture, character, fight...) has, made once:
 * a resource names its key (`juncture`) and its field classes, and gets classes shaped
 * `{<key>: fields}` / `{id, <key>: changes}` with the same validation as every other resource.
 */

/** `{<key>: <nested>}`, validated as a nested object; `documented` is what the OpenAPI document shows. */
function nestedRecordShape<K extends string, T>(
  key: K,
  nested: Class<T>,
  options: { base?: Class<object>; documented?: Class<object>; messages?: boolean },
): Class<Record<K, T>> {
  const Base = options.base ?? class {};
  class Shape extends Base {}
  const prototype = Shape.prototype as object;
  const blank = options.messages ? { message: Messages.blank } : undefined;
  const notObject = options.messages ? { message: 'must be an object' } : undefined;
  if (options.documented) ApiProperty({ type: options.documented })(prototype, key);
  IsDefined(blank)(prototype, key);
  IsObject(notObject)(prototype, key);
  ValidateNested()(prototype, key);
  Type(() => nested)(prototype, key);
  return Shape as unknown as Class<Record<K, T>>;
}

/** NATS payload naming one record of the current campaign (get, and the extra routes of one record). */
export class RecordIdPayload {
  @IsUUID()
  id: string;
}

/** `DELETE /api/v2/<plural>/:id?force=true`: remove the links of the records that refer to it, then delete it. */
export class DeleteRecordQuery {
  @ApiPropertyOptional({ description: 'Remove the links of the records that refer to it first' })
  @FlagFilter()
  force?: boolean;
}

/** NATS payload of `campaign.<plural>.delete`. */
export class DeleteRecordPayload extends DeleteRecordQuery {
  @IsUUID()
  id: string;
}

/**
 * The HTTP body of a create or update, `{<key>: {...}}` (multipart's JSON string field decoded upstream):
 * `input` validates the record sent, `documented` is the shape the OpenAPI document shows.
 */
export function RecordBody<K extends string, T>(
  key: K,
  input: Class<T>,
  documented: Class<object>,
): Class<Record<K, T>> {
  return nestedRecordShape(key, input, { documented, messages: true });
}

/** NATS payload of `campaign.<plural>.create`: the writable fields (the gateway drops the representation's). */
export function CreateRecordPayload<K extends string, T>(key: K, fields: Class<T>): Class<Record<K, T>> {
  return nestedRecordShape(key, fields, {});
}

/** NATS payload of `campaign.<plural>.update`: the id and the fields sent. */
export function UpdateRecordPayload<K extends string, T>(
  key: K,
  changes: Class<T>,
): Class<RecordIdPayload & Record<K, T>> {
  return nestedRecordShape(key, changes, { base: RecordIdPayload }) as Class<RecordIdPayload & Record<K, T>>;
}
