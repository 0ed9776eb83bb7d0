import { parse } from 'qs';
import { ErrorCode, MAX_PER_PAGE, ServiceError } from '@shotcaller/contracts';

/**
 * Rails-style lists and maps (`ids[]=a&ids[]=b`, `filter[key]=value`) as Express's "extended" parser reads them,
 * bounded: longer lists become objects (and fail validation), and keys that shadow Object.prototype are dropped.
 */
const EXTENDED = {
  allowPrototypes: false,
  arrayLimit: MAX_PER_PAGE,
  depth: 5,
  parameterLimit: 1000,
} as const;

/**
 * Query strings as Express's extended parser reads them (within the bounds above), except that malformed percent-encoding (or bytes that
 * are not UTF-8) is refused with 400 instead of being kept as literal text.
 */
export function parseQueryString(query: string): Record<string, unknown> {
  return parse(query, {
    ...EXTENDED,
    decoder: (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        throw new ServiceError(
          ErrorCode.MalformedRequest,
          'The query string is not valid (malformed percent-encoding)',
        );
      }
    },
  });
}
