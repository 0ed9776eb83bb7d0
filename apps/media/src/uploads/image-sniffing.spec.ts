import { detectImageType } from './image-sniffing.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)),
  );

/** An ISO-BMFF `ftyp` box with these brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + compatible.length * 4;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], 'meta');
}

describe('detectImageType', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'), 'image/png'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['AVIF (major brand)', ftyp('avif', 'mif1', 'miaf'), 'image/avif'],
    ['AVIF sequence', ftyp('avis', 'msf1'), 'image/avif'],
    ['AVIF (compatible brand)', ftyp('mif1', 'avif', 'miaf'), 'image/avif'],
  ])('knows %s by its first bytes', (_, head, type) => {
    expect(detectImageType(head)).toBe(type);
  });

  it.each([
    ['text', bytes('hello, this is not an image at all')],
    ['an empty file', bytes()],
    ['a truncated PNG signature', bytes([0x89], 'PNG', [0x0d, 0x0a])],
    ['HEIC', ftyp('heic', 'mif1', 'heic')],
    ['a RIFF file that is not WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['a GIF look-alike', bytes('GIF90a', [1, 0, 1, 0])],
    ['an ftyp box claiming to be shorter than its header', bytes([0, 0, 0, 8], 'ftypavif')],
  ])('refuses %s', (_, head) => {
    expect(detectImageType(head)).toBeUndefined();
  });

  it('does not look at brands past the ftyp box', () => {
    const head = bytes([0, 0, 0, 16], 'ftyp', 'mif1', [0, 0, 0, 0], 'avif');
    expect(detectImageType(head)).toBeUndefined();
  });
});
