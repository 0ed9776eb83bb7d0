import type { PresenceDiffPayload } from '@shotcaller/contracts';

/** The publish time a header carries (epoch ms), or undefined when absent or not a plausible time. */
export function readPublishedAt(header: string | undefined): number | undefined {
  if (!header || !/^\d{1,15}$/.test(header)) return undefined;
  return Number(header);
}

function isPresences(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (entry: unknown) =>
      typeof entry === 'object' &&
      entry !== null &&
      Array.isArray((entry as { metas?: unknown }).metas) &&
      (entry as { metas: unknown[] }).metas.every(
        (meta) =>
          typeof meta === 'object' &&
          meta !== null &&
          typeof (meta as { connection_id?: unknown }).connection_id === 'string',
      ),
  );
}

/** A presence change of `topic` as replicas publish it to each other. */
export function isPresenceDiff(value: unknown, topic: string): value is PresenceDiffPayload {
  const diff = value as Partial<PresenceDiffPayload> | null;
  return (
    typeof diff === 'object' &&
    diff !== null &&
    diff.topic === topic &&
    isPresences(diff.joins) &&
    isPresences(diff.leaves)
  );
}
