import { contentTypeOfDecoded, etagMatches, imageMeasureErrors } from './upload.rules.js';

describe('contentTypeOfDecoded', () => {
  it.each([
    ['jpeg', undefined, 'image/jpeg'],
    ['png', undefined, 'image/png'],
    ['webp', undefined, 'image/webp'],
    ['gif', undefined, 'image/gif'],
    ['heif', 'av1', 'image/avif'],
    ['heif', 'hevc', undefined],
    ['svg', undefined, undefined],
    ['tiff', undefined, undefined],
    [undefined, undefined, undefined],
  ])('%s (%s) is %s', (format, compression, type) => {
    expect(contentTypeOfDecoded(format, compression)).toBe(type);
  });
});

describe('imageMeasureErrors', () => {
  it('accepts an image within the limit, edges included', () => {
    expect(imageMeasureErrors({ width: 10_000, height: 1 }, 10_000)).toEqual({});
  });

  it('refuses an image wider or taller than the limit, saying how large it is', () => {
    expect(imageMeasureErrors({ width: 50_000, height: 50_000 }, 10_000)).toEqual({
      image: ['is 50000 x 50000 pixels; the most either side may be is 10000 pixels'],
    });
    expect(imageMeasureErrors({ width: 10, height: 10_001 }, 10_000).image).toHaveLength(1);
  });

  it('refuses an image without dimensions', () => {
    expect(imageMeasureErrors({ width: 0, height: 10 }, 10_000)).toEqual({
      image: ['has no readable dimensions'],
    });
    expect(imageMeasureErrors({}, 10_000)).toEqual({ image: ['has no readable dimensions'] });
  });
});

describe('etagMatches', () => {
  const etag = '"abc"';

  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abd"', false],
    ['abc', false],
    ['', false],
    [undefined, false],
  ])('If-None-Match %j matches: %s', (header, expected) => {
    expect(etagMatches(header, etag)).toBe(expected);
  });
});
