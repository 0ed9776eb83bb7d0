/** A store or broker a service needs could not be reached at boot: says which, where, and why. */
export class DependencyUnreachable extends Error {
  constructor(
    readonly dependency: string,
    readonly address: string,
    cause: unknown,
  ) {
    super(`${dependency} at ${address} is not reachable: ${reason(cause)}`, { cause });
    this.name = 'DependencyUnreachable';
  }
}

function reason(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return reason(cause.errors[0]);
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message || cause.name;
  }
  return String(cause);
}
