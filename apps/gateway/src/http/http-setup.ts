import type { NestExpressApplication } from '@nestjs/platform-express';
import { docsEnabled, trustProxySetting, type GatewayEnv } from '../config.js';
import { serveOpenApi } from './openapi.js';
import { refuseUnreadableBodies } from './validation/content-type.middleware.js';
import { parseQueryString } from './validation/query-parser.js';

/** The public HTTP edge: parsers with size limits, proxy trust, CORS from the allowlist, API docs. */
export function configureGatewayHttp(config: GatewayEnv) {
  return (app: NestExpressApplication): void => {
    app.disable('x-powered-by');
    app.set('query parser', parseQueryString);
    app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
    app.use(refuseUnreadableBodies);
    app.useBodyParser('json', { limit: config.HTTP_BODY_LIMIT_BYTES });
    app.enableCors({
      origin: config.CORS_ORIGINS,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
      exposedHeaders: ['Authorization', 'X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
    if (docsEnabled(config)) serveOpenApi(app);
  };
}
