import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@shotcaller/auth';
import { IMAGE_CONTENT_TYPES } from '@shotcaller/contracts';
import type { Request, Response } from 'express';
import { ApiErrors } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';
import { MediaClient } from './media-client.js';

/**
 * `GET /media/:id`: a stored image, as a record's `image_url` names it. Public like the image URLs of a CDN (the
 * id is random and unguessable), immutable, with an ETag; streamed from the media service.
 */
@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaClient) {}

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A stored image (what image_url points at)' })
  @ApiProduces(...IMAGE_CONTENT_TYPES)
  @ApiOkResponse({
    description: 'The image bytes; 304 when If-None-Match still matches',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(404)
  image(@RecordId() id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.media.pipeImage(id, request, response);
  }
}
