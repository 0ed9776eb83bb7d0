import type { FieldErrors, LocationPositionInput, LocationPositionView } from '@shotcaller/contracts';

export interface PositionTiming {
  /** How far in the future recorded_at may be (ms). */
  maxClockSkewMs: number;
  /** How old recorded_at may be (ms). */
  maxAgeMs: number;
}

/** What is wrong with a position's time (its ranges are the DTO's to check), or null. */
export function positionTimeErrors(
  input: Pick<LocationPositionInput, 'recorded_at'>,
  now: number,
  timing: PositionTiming,
): FieldErrors | null {
  const recordedAt = Date.parse(input.recorded_at);
  if (!Number.isFinite(recordedAt)) return { recorded_at: ['must be an ISO 8601 time'] };
  if (recordedAt > now + timing.maxClockSkewMs) return { recorded_at: ['must not be in the future'] };
  if (recordedAt < now - timing.maxAgeMs) return { recorded_at: ['is too old'] };
  return null;
}

/** The stored form of a position: the input's fields, normalised, with when it arrived. */
export function positionView(
  participantId: string,
  input: LocationPositionInput,
  now: number,
): LocationPositionView {
  return {
    participant_id: participantId,
    lat: input.lat,
    lng: input.lng,
    accuracy: input.accuracy,
    heading: input.heading ?? null,
    speed: input.speed ?? null,
    altitude: input.altitude ?? null,
    recorded_at: new Date(Date.parse(input.recorded_at)).toISOString(),
    received_at: new Date(now).toISOString(),
  };
}

/** Colors given to participants who do not choose one, in joining order. */
export const PARTICIPANT_COLORS = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#9a6324',
  '#469990',
  '#800000',
] as const;

export function defaultColor(joinedBefore: number): string {
  return PARTICIPANT_COLORS[joinedBefore % PARTICIPANT_COLORS.length];
}
