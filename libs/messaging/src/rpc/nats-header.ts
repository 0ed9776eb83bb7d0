import type { NatsContext } from '@nestjs/microservices';

/** Reads one header of the NATS message being handled; '' when absent. */
export function natsHeader(context: NatsContext, name: string): string {
  const headers = context.getHeaders() as { get(name: string): string } | undefined;
  return headers?.get(name) ?? '';
}
