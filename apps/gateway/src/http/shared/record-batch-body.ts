import type { Type } from '@nestjs/common';
import { RecordBatchBody, ServiceError } from '@shotcaller/contracts';
import type { ServiceAnswer } from '@shotcaller/messaging';
import type { Response } from 'express';
import { RequestValidationPipe } from '../validation/request-validation.pipe.js';

const validation = new RequestValidationPipe();

/** What a `POST /api/v2/<plural>/batch` body asks: records read by id, or records created together. */
export type RecordBatchRequest<C> = { read: RecordBatchBody } | { create: C };

/**
 * Reads the body of `POST /api/v2/<plural>/batch`, which takes `{ids, page, per_page}` (the Rails-era client's
 * read by id) or `{<plural>: [...]}` (a batch create, validated as `create`), never both: each is checked as any
 * body is (unknown fields refused). The route takes the body untyped, so the global pipe only checked its shape.
 */
export async function recordBatchRequest<C extends object>(
  body: object,
  plural: string,
  create: Type<C>,
): Promise<RecordBatchRequest<C>> {
  if (plural in body) {
    if ('ids' in body) {
      throw ServiceError.validation({
        base: [`send either ids (to read) or ${plural} (to create), not both`],
      });
    }
    return { create: (await validation.transform(body, { type: 'body', metatype: create })) as C };
  }
  const read = await validation.transform(body, { type: 'body', metatype: RecordBatchBody });
  return { read: read as RecordBatchBody };
}

/** Answers a service's JSON as it is, with a status the route picks at run time (201 created, 200 read). */
export function sendServiceAnswer(res: Response, status: number, answer: ServiceAnswer<unknown>): void {
  res.status(status).type('application/json; charset=utf-8').send(answer.json);
}
