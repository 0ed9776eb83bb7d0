import type { FieldErrors, ImageContentType } from '@shotcaller/contracts';

/** The content type of what sharp decoded, by its decoder's name (AVIF is HEIF with AV1 compression). */
export function contentTypeOfDecoded(
  format: string | undefined,
  compression?: string,
): ImageContentType | undefined {
  switch (format) {
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'webp':
      return 'image/webp';
    case 'gif':
      return 'image/gif';
    case 'heif':
      return compression === 'av1' ? 'image/avif' : undefined;
    default:
      return undefined;
  }
}

/** What is wrong with an image's measures, as field errors under `image` (none: an empty object). */
export function imageMeasureErrors(
  measures: { width?: number; height?: number },
  maxDimension: number,
): FieldErrors {
  const { width, height } = measures;
  if (!width || !height) return { image: ['has no readable dimensions'] };
  if (width > maxDimension || height > maxDimension) {
    return {
      image: [`is ${width} x ${height} pixels; the most either side may be is ${maxDimension} pixels`],
    };
  }
  return {};
}

/**
 * Whether an If-None-Match header names the entity tag `etag` (`"<checksum>"`): a list of tags, weak ones
 * compared weakly as RFC 9110 has it for GET, or `*`.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .includes(etag);
}
