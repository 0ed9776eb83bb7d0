import sharp, { type Metadata } from 'sharp';
import { ServiceError, type ImageContentType } from '@shotcaller/contracts';
import { contentTypeOfDecoded, imageMeasureErrors } from './upload.rules.js';

export interface ImageMeasures {
  width: number;
  height: number;
}

const UNREADABLE = 'could not be read as an image';

/**
 * Reads a staged upload's dimensions from its header, refuses one larger than the limit before any pixel is
 * decoded, then decodes it whole (streaming, within the pixel count the header gave), so a truncated or corrupt
 * image is refused now rather than failing every later transformation. Refusals are validation_failed (422) with
 * `errors.image`.
 */
export async function inspectImage(
  path: string,
  detected: ImageContentType,
  maxDimension: number,
): Promise<ImageMeasures> {
  let metadata: Metadata;
  try {
    // The header only: no pixel limit here, so an image too large is told apart from one that is unreadable.
    metadata = await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    throw ServiceError.validation({ image: [UNREADABLE] }, 'The image could not be read');
  }
  if (contentTypeOfDecoded(metadata.format, metadata.compression) !== detected) {
    throw ServiceError.validation({ image: [UNREADABLE] }, 'The image could not be read');
  }
  const errors = imageMeasureErrors(metadata, maxDimension);
  if (Object.keys(errors).length > 0) throw ServiceError.validation(errors, 'The image is too large');
  const { width, height } = metadata as ImageMeasures;
  try {
    await sharp(path, { failOn: 'error', limitInputPixels: width * height }).stats();
  } catch {
    throw ServiceError.validation({ image: [UNREADABLE] }, 'The image could not be read');
  }
  return { width, height };
}
