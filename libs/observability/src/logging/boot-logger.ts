import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { safeLogOptions, type LogDestination } from './log-safety.js';

/**
 * JSON logs for the time before a service's own logger exists (module creation, migrations) and for a boot
 * that fails: the same shape as every later line, so log collectors never see Nest's coloured console text.
 */
export class BootLogger implements LoggerService {
  private readonly logger: Logger;

  constructor(service: string, level: string, destination?: LogDestination) {
    const options = { level, base: { service }, ...safeLogOptions() };
    this.logger = destination ? pino(options, destination) : pino(options);
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest's older contract: a message and a stack, which would otherwise land in `context` as they are.
    if (typeof message === 'string' && stackOrContext?.includes('\n')) {
      const error = new Error(message);
      error.stack = stackOrContext;
      this.write('error', error, context);
    } else {
      this.write('error', message, context ?? stackOrContext);
    }
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    context?: string,
  ) {
    if (message instanceof Error) this.logger[level]({ context, err: message });
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, String(message));
  }
}
