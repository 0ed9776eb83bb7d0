import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { ServiceAnswer } from './service-client.js';

/**
 * Express, answering a handler's ServiceAnswer (a service's answer passed on by the gateway) with its bytes as
 * they are: the same body, type and ETag `res.json` would give the parsed value, without parsing and re-encoding
 * it (or the service's own tag as a strong ETag, when it gave one).
 */
export class ServiceAnswerExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!(body instanceof ServiceAnswer)) return super.reply(response, body, statusCode);
    if (statusCode !== undefined) response.status(statusCode);
    if (!response.get('Content-Type')) response.set('Content-Type', 'application/json; charset=utf-8');
    // The service's tag is a digest of these bytes: a strong ETag, without hashing them again here.
    if (body.tag !== undefined) response.set('ETag', `"${body.tag}"`);
    return response.send(body.json);
  }
}
