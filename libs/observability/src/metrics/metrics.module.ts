import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common';
import type { Request, Response, NextFunction } from 'express';
import { labelled, Metrics } from './metrics.js';

/** Counts and times every HTTP request by its route pattern (not its URL, which would explode cardinality). */
@Injectable()
class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = performance.now();
    res.once('finish', () => {
      const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
      const routeLabel = typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
      const status = String(res.statusCode);
      const seconds = (performance.now() - started) / 1000;
      labelled(this.metrics.httpDuration, req.method, routeLabel, status).observe(seconds);
      labelled(this.metrics.httpRequests, req.method, routeLabel, status).inc();
      if (res.statusCode >= 500) this.metrics.errors.inc({ source: 'http', code: String(res.statusCode) });
    });
    next();
  }
}

@Module({})
export class MetricsModule implements NestModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [{ provide: Metrics, useFactory: () => new Metrics(service) }, HttpMetricsMiddleware],
      exports: [Metrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
