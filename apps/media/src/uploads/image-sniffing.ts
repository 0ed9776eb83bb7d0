import type { ImageContentType } from '@shotcaller/contracts';

/** How many leading bytes the detection reads: enough for every signature, AVIF's brand list included. */
export const SNIFF_BYTES = 64;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const AVIF_BRANDS = new Set(['avif', 'avis']);

function startsWith(head: Uint8Array, signature: number[], offset = 0): boolean {
  return head.length >= offset + signature.length && signature.every((byte, i) => head[offset + i] === byte);
}

function ascii(head: Uint8Array, from: number, to: number): string {
  return head.length >= to ? String.fromCharCode(...head.subarray(from, to)) : '';
}

/**
 * The image type the first bytes of a file say it is (never its name or declared type), or undefined when they
 * are not one of the accepted types. AVIF is an ISO-BMFF file whose `ftyp` box names `avif`/`avis` as its major
 * or one of its compatible brands (HEIC and other HEIF files are not accepted).
 */
export function detectImageType(head: Uint8Array): ImageContentType | undefined {
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, PNG)) return 'image/png';
  const gif = ascii(head, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'image/gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(head, 4, 8) === 'ftyp' && ftypBrands(head).some((brand) => AVIF_BRANDS.has(brand))) {
    return 'image/avif';
  }
  return undefined;
}

/** The major and compatible brands of a leading `ftyp` box, as far as `head` holds them. */
function ftypBrands(head: Uint8Array): string[] {
  if (head.length < 12) return [];
  const boxSize = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  if (boxSize < 16) return [];
  const end = Math.min(boxSize, head.length);
  const brands = [ascii(head, 8, 12)];
  // Bytes 12..16 are the minor version; compatible brands follow, four bytes each.
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(head, offset, offset + 4));
  return brands;
}
