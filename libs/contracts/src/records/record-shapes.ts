import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsObject,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { FlagFilter } from '../input-rules.js';
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

/** Most records one batch create (`{<plural>: [...]}`) may hold. */
export const RECORD_CREATE_BATCH_MAX = 100;

/** `{<plural>: [<nested>, ...]}`, 1 to RECORD_CREATE_BATCH_MAX of them, each validated as `nested`. */
function recordListShape<K extends string, T>(
  key: K,
  nested: Class<T>,
  documented?: Class<object>,
): Class<Record<K, T[]>> {
  class Shape {}
  const prototype = Shape.prototype as object;
  if (documented) {
    ApiProperty({ type: [documented], minItems: 1, maxItems: RECORD_CREATE_BATCH_MAX })(prototype, key);
  }
  IsDefined({ message: Messages.blank })(prototype, key);
  IsArray({ message: 'must be a list' })(prototype, key);
  ArrayMinSize(1, { message: 'must hold at least 1 record' })(prototype, key);
  ArrayMaxSize(RECORD_CREATE_BATCH_MAX, { message: `must hold at most ${RECORD_CREATE_BATCH_MAX} records` })(
    prototype,
    key,
  );
  ValidateNested({ each: true, message: 'must be a list of records' })(prototype, key);
  Type(() => nested)(prototype, key);
  return Shape as unknown as Class<Record<K, T[]>>;
}

/**
 * The HTTP body of a batch create, `{<plural>: [{...}, ...]}`: each record validated as `input` (a single
 * create's), its errors keyed by position (`weapons.2.name`).
 */
export function RecordListBody<K extends string, T>(
  key: K,
  input: Class<T>,
  documented: Class<object>,
): Class<Record<K, T[]>> {
  return recordListShape(key, input, documented);
}

/** NATS payload of `campaign.<plural>.create_batch`: the writable fields of each record, in order. */
export function CreateRecordsPayload<K extends string, T>(key: K, fields: Class<T>): Class<Record<K, T[]>> {
  return recordListShape(key, fields);
}
