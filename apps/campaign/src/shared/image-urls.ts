import { publicImagePath } from '@shotcaller/contracts';

/**
 * The `image_url` of a record's image: the public media base URL (MEDIA_PUBLIC_BASE_URL, no trailing slash)
 * followed by the image's public path; null when the record has no image.
 */
export function imageUrlFrom(baseUrl: string, imageId: string | null | undefined): string | null {
  return imageId ? `${baseUrl}${publicImagePath(imageId)}` : null;
}

/**
 * What comes before and after an image's id in its `image_url`, for a read that writes the URL in SQL (the
 * character index, whose JSON PostgreSQL writes): `prefix || image_id || suffix`.
 */
export function imageUrlParts(baseUrl: string): { prefix: string; suffix: string } {
  const marker = '\u0000';
  const [prefix = '', suffix = ''] = (imageUrlFrom(baseUrl, marker) ?? '').split(marker);
  return { prefix, suffix };
}

/** The public media base URL of this process: the configured one once the service module is made. */
let mediaPublicBaseUrl = 'http://localhost:3000';

/**
 * Sets where image URLs point (CampaignAppModule.forRoot does, from MEDIA_PUBLIC_BASE_URL). One value per process:
 * the serializers that write `image_url` are plain functions called from every read, and a service process serves
 * one public media base URL.
 */
export function useMediaPublicBaseUrl(baseUrl: string): void {
  mediaPublicBaseUrl = baseUrl;
}

/** The `image_url` of an image id, from this process's public media base URL (null for no image). */
export function imageUrl(imageId: string | null | undefined): string | null {
  return imageUrlFrom(mediaPublicBaseUrl, imageId);
}

/** This process's imageUrlParts. */
export function currentImageUrlParts(): { prefix: string; suffix: string } {
  return imageUrlParts(mediaPublicBaseUrl);
}
