import type { ApiBodyOptions } from '@nestjs/swagger';

/** The body of a route that takes none (the Rails-era client sends nothing, or `{}`): documented as an empty object. */
export const NO_FIELDS: ApiBodyOptions = {
  required: false,
  description: 'No fields: send no body, or {}',
  schema: { type: 'object', properties: {}, additionalProperties: false },
};
