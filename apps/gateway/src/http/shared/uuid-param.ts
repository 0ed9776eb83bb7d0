import { Param, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ServiceError } from '@shotcaller/contracts';

const recordId: PipeTransform<string, string> = {
  transform(value) {
    if (!isUUID(value)) throw ServiceError.notFound();
    return value;
  },
};

/** A record id from the path. Ids are UUIDs; anything else names no record, so it is a 404 like any unknown id. */
export const RecordId = (name = 'id') => Param(name, recordId);
