import { ApiProperty } from '@nestjs/swagger';

/**
 * The record kinds that carry an image (their `image_id`), named as image positions and the Rails client name
 * them. Every one belongs to the campaign service, which answers whether an image is still referenced.
 */
export const IMAGE_ENTITY_TYPES = [
  'Character',
  'Vehicle',
  'Weapon',
  'Schtick',
  'Faction',
  'Juncture',
  'Site',
  'Party',
  'Fight',
] as const;
export type ImageEntityType = (typeof IMAGE_ENTITY_TYPES)[number];

/** What an upload may be, detected from its bytes (never from its name or declared type). */
export const IMAGE_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];

/**
 * The media service's HTTP routes, which only the gateway calls (its port is not routed by the ingress):
 * `POST <upload path>` takes an image's bytes as the body (the uploader's access token as a bearer token) and
 * answers 201 with an `ImageView`; `GET <image path>` answers the stored bytes with an ETag.
 */
export const MediaHttp = {
  uploadPath: '/images',
  imagePath: (id: string): string => `/images/${id}`,
} as const;

/** The public path of an image; `image_url` is the configured public media base URL followed by it. */
export const publicImagePath = (id: string): string => `/media/${id}`;

/** A stored image: what the media service keeps of it. */
export class ImageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: IMAGE_CONTENT_TYPES }) content_type: ImageContentType;
  @ApiProperty() byte_size: number;
  @ApiProperty() width: number;
  @ApiProperty() height: number;
  /** SHA-256 of the bytes, hex: the ETag of the original. */
  @ApiProperty() checksum: string;
  @ApiProperty({ type: String, enum: IMAGE_ENTITY_TYPES, nullable: true })
  entity_type: ImageEntityType | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) entity_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) attached_at: string | null;
}

/** `media.images.release`: how many of the images named were found unreferenced and deleted. */
export interface ImagesReleasedView {
  deleted: number;
}

/** `media.images.sweep`: what one run of the orphaned image cleanup deleted and checked. */
export interface ImageSweepResult {
  /** Uploads never attached to a record within MEDIA_UNATTACHED_IMAGE_TTL_MINUTES. */
  deleted_unattached: number;
  /** Attached images no record refers to any more (the owning service said so). */
  deleted_unreferenced: number;
  /** Attached images whose owner was asked this run. */
  checked: number;
}

/** `campaign.images.referenced`: the ids, of those asked about, that some record still refers to. */
export interface ReferencedImagesView {
  image_ids: string[];
}

/** `campaign.images.set`: the record's image after the change. */
export interface RecordImageView {
  entity_type: ImageEntityType;
  entity_id: string;
  image_id: string | null;
  image_url: string | null;
}
