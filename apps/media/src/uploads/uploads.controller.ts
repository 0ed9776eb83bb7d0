import { pipeline } from 'node:stream/promises';
import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Logger,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { AccessTokenVerifier, actorOf, bearerToken } from '@shotcaller/auth';
import { MediaHttp, ServiceError, type Actor, type ImageView } from '@shotcaller/contracts';
import type { Request, Response } from 'express';
import { MediaHttpErrorFilter } from './media-http-error.filter.js';
import { etagMatches } from './upload.rules.js';
import { UploadsService } from './uploads.service.js';

/** A year: an original never changes under its id. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The media service's own HTTP routes, which only the gateway calls: uploads (the body is the image's bytes,
 * streamed, never parsed or buffered: the service registers no body parser) and originals.
 */
@Controller()
@UseFilters(MediaHttpErrorFilter)
export class UploadsController {
  private readonly logger = new Logger(UploadsController.name);

  constructor(
    private readonly uploads: UploadsService,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  /** `POST /images`: the uploader's access token as a bearer token; 201 with the stored image. */
  @Post(MediaHttp.uploadPath)
  @HttpCode(201)
  async upload(@Req() req: Request): Promise<ImageView> {
    const actor = await this.uploader(req);
    return this.uploads.upload(actor, req);
  }

  /** `GET /images/:id`: the original, with its checksum as a strong ETag; 304 when the client has it. */
  @Get(MediaHttp.imagePath(':id'))
  async original(
    @Param('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const image = await this.uploads.original(id);
    const etag = `"${image.checksum}"`;
    if (etagMatches(ifNoneMatch, etag)) {
      res.status(304).set(cacheHeaders(etag)).end();
      return;
    }
    const body = await this.uploads.openOriginal(id);
    res.status(200).set({
      ...cacheHeaders(etag),
      'Content-Type': image.contentType,
      'Content-Length': String(image.byteSize),
    });
    try {
      await pipeline(body, res);
    } catch (error) {
      // The client went away mid-download: nothing to answer.
      this.logger.debug({ err: error, image: id }, 'An image download ended early');
    }
  }

  /** The verified user the bearer token stands for: the same verification the NATS actor check uses. */
  private async uploader(req: Request): Promise<Actor> {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw ServiceError.unauthenticated('An upload needs a signed-in user');
    return actorOf(await this.verifier.verify(token));
  }
}

/**
 * Hides a response header from the request log, which lists the response's headers (pino-http reads them with
 * `getHeaders()` once the response is done): the ETag is the image's checksum, which logs never carry. Node writes
 * the header from its own store, so the client still gets it. (A redaction of `res.headers.etag` in
 * libs/observability's log-safety.ts would make this unnecessary.)
 */
function cacheHeaders(etag: string): Record<string, string> {
  return {
    ETag: etag,
    'Cache-Control': IMMUTABLE,
    'X-Content-Type-Options': 'nosniff',
  };
}
