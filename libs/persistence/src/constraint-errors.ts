import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';

/** True when `error` is PostgreSQL refusing a duplicate on the named unique index or constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof UniqueConstraintViolationException)) return false;
  if (!constraint) return true;
  const cause = error as unknown as { constraint?: string; message: string };
  return cause.constraint === constraint || cause.message.includes(constraint);
}
