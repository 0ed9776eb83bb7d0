import { defaultColor, PARTICIPANT_COLORS, positionTimeErrors, positionView } from './location.rules.js';

const timing = { maxClockSkewMs: 60_000, maxAgeMs: 600_000 };
const now = Date.parse('2026-12-02T10:00:00.000Z');

describe('positionTimeErrors', () => {
  it('accepts a position measured now or a little in the past or future', () => {
    expect(positionTimeErrors({ recorded_at: '2026-12-02T10:00:00.000Z' }, now, timing)).toBeNull();
    expect(positionTimeErrors({ recorded_at: '2026-12-02T10:00:59Z' }, now, timing)).toBeNull();
    expect(positionTimeErrors({ recorded_at: '2026-12-02T09:51:00Z' }, now, timing)).toBeNull();
  });

  it('refuses a time in the far future, too old, or unreadable', () => {
    expect(positionTimeErrors({ recorded_at: '2026-12-02T10:01:01Z' }, now, timing)).toEqual({
      recorded_at: ['must not be in the future'],
    });
    expect(positionTimeErrors({ recorded_at: '2026-12-02T09:49:59Z' }, now, timing)).toEqual({
      recorded_at: ['is too old'],
    });
    expect(positionTimeErrors({ recorded_at: 'yesterday' }, now, timing)).toEqual({
      recorded_at: ['must be an ISO 8601 time'],
    });
  });
});

describe('positionView', () => {
  it('fills absent optional fields with null and normalises the time', () => {
    expect(
      positionView('p1', { lat: 1.5, lng: -2, accuracy: 5, recorded_at: '2026-12-02T10:00:00+01:00' }, now),
    ).toEqual({
      participant_id: 'p1',
      lat: 1.5,
      lng: -2,
      accuracy: 5,
      heading: null,
      speed: null,
      altitude: null,
      recorded_at: '2026-12-02T09:00:00.000Z',
      received_at: '2026-12-02T10:00:00.000Z',
    });
  });
});

describe('defaultColor', () => {
  it('cycles through the palette', () => {
    expect(defaultColor(0)).toBe(PARTICIPANT_COLORS[0]);
    expect(defaultColor(PARTICIPANT_COLORS.length + 1)).toBe(PARTICIPANT_COLORS[1]);
  });
});
