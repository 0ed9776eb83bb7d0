import { applyDecorators, Controller, Delete, Get, HttpCode, Patch, Post, type Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, ApiSignedIn } from './api-errors.js';
import { AcceptsMultipartRecord } from './multipart-record.interceptor.js';

/**
 * The routes of a campaign's records (`/api/v2/<plural>`), as the Rails-era client calls them: what each route
 * of every such controller declares, so that a controller only says what is its own (types, summaries).
 */

/** The controller of a campaign's records: signed in, tagged and under `api/v2/<plural>`. */
export function RecordsController(plural: string): ClassDecorator {
  return applyDecorators(ApiTags(plural), ApiSignedIn(), Controller(`api/v2/${plural}`));
}

/** `GET /api/v2/<plural>`: the current campaign's page of them. */
export function ListRecordsRoute(view: Type, summary: string): MethodDecorator {
  return applyDecorators(
    Get(),
    ApiOperation({ summary }),
    ApiOkResponse({ type: view }),
    ApiErrors(404, 422),
  );
}

/** `POST /api/v2/<plural>`: JSON, or multipart with the record in the `key` field and an `image` file. */
export function CreateRecordRoute(key: string, view: Type, summary: string): MethodDecorator {
  return applyDecorators(
    Post(),
    HttpCode(201),
    AcceptsMultipartRecord(key, { images: true }),
    ApiOperation({ summary }),
    ApiCreatedResponse({ type: view }),
    ApiErrors(400, 403, 404, 413, 415, 422),
  );
}

/** `GET /api/v2/<plural>/:id`. */
export function GetRecordRoute(view: Type, summary: string): MethodDecorator {
  return applyDecorators(
    Get(':id'),
    ApiOperation({ summary }),
    ApiOkResponse({ type: view }),
    ApiErrors(404),
  );
}

/** `PATCH /api/v2/<plural>/:id`: JSON, or multipart with the record in the `key` field and an `image` file. */
export function UpdateRecordRoute(key: string, view: Type, summary: string): MethodDecorator {
  return applyDecorators(
    Patch(':id'),
    AcceptsMultipartRecord(key, { images: true }),
    ApiOperation({ summary }),
    ApiOkResponse({ type: view }),
    ApiErrors(400, 403, 404, 413, 415, 422),
  );
}

/** `DELETE /api/v2/<plural>/:id/image`: the record without its image (its image positions go too). */
export function DeleteRecordImageRoute(view: Type, summary: string): MethodDecorator {
  return applyDecorators(
    Delete(':id/image'),
    ApiOperation({ summary }),
    ApiOkResponse({ type: view }),
    ApiErrors(403, 404),
  );
}

/** `DELETE /api/v2/<plural>/:id?force=`: 204. */
export function DeleteRecordRoute(summary: string): MethodDecorator {
  return applyDecorators(
    Delete(':id'),
    HttpCode(204),
    ApiOperation({ summary }),
    ApiNoContentResponse(),
    ApiErrors(403, 404, 422),
  );
}

/** The NATS payload of a delete: the id, and `force` when the query has it. */
export function deletePayload(id: string, query: { force?: boolean }): { id: string; force?: boolean } {
  return { id, ...(query.force !== undefined ? { force: query.force } : {}) };
}
