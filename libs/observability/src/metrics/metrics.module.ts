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
import { Metrics } from './metrics.js';

/** Counts and times every HTTP request by its route pattern (not its URL, which would explode cardinality). */
@Injectable()
class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
      const labels = {
        method: req.method,
        route: typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      };
      stop(labels);
      this.metrics.httpRequests.inc(labels);
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
