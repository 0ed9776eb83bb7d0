import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, ArrayMaxSize } from 'class-validator';
import { FlagFilter, Optional } from './input-rules.js';
import { Lowercase, QueryInteger, QueryList, Trim } from './rules.js';

export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 200;
/** Far beyond any real list, and small enough that the row offset stays an exact integer in JavaScript and SQL. */
export const MAX_PAGE = 1_000_000;

export const SortOrder = ['asc', 'desc'] as const;
export type SortOrder = (typeof SortOrder)[number];

export const Visibility = ['visible', 'hidden', 'all'] as const;
export type Visibility = (typeof Visibility)[number];

/** The Rails index parameters shared by every list: paging, free-text search, explicit ids. */
export class IndexQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @Optional()
  @QueryInteger()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE })
  @Optional()
  @QueryInteger()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page?: number;

  @ApiPropertyOptional({ enum: SortOrder, description: 'Default desc' })
  @Optional()
  @Lowercase()
  @IsIn(SortOrder)
  order?: SortOrder;

  @ApiPropertyOptional({ maxLength: 100, description: 'Case-insensitive match on the name' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ type: [String], description: 'Only these ids: `ids[]=a&ids[]=b` or `ids=a,b`' })
  @Optional()
  @QueryList()
  @ArrayMaxSize(MAX_PER_PAGE)
  @IsUUID('all', { each: true, message: 'must be a list of ids' })
  ids?: string[];

  @ApiPropertyOptional({ description: 'Minimal records: {id, name, image_url, entity_class}' })
  @FlagFilter()
  autocomplete?: boolean;
}

export class PaginationMetaView {
  @ApiProperty() current_page: number;
  @ApiProperty({ type: Number, nullable: true }) next_page: number | null;
  @ApiProperty({ type: Number, nullable: true }) prev_page: number | null;
  @ApiProperty() total_pages: number;
  @ApiProperty() total_count: number;
}

/** The Rails `meta` block for a page of `perPage` items out of `total`. */
export function paginationMeta(total: number, page: number, perPage: number): PaginationMetaView {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    current_page: page,
    next_page: page < totalPages ? page + 1 : null,
    prev_page: page > 1 ? page - 1 : null,
    total_pages: totalPages,
    total_count: total,
  };
}
