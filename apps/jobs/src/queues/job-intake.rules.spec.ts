import {
  abandonedMarkKey,
  ANSWER_MARGIN_MS,
  CLOCK_SKEW_MARGIN_MS,
  intakeDeadline,
  mayHaveBeenAbandoned,
} from './job-intake.rules.js';

describe('intakeDeadline', () => {
  const now = 1_000_000;

  it('gives Redis the configured time when the caller says nothing or waits longer', () => {
    expect(intakeDeadline(now, 2000)).toBe(now + 2000);
    expect(intakeDeadline(now, 2000, now + 5000)).toBe(now + 2000);
  });

  it('answers before a caller that stops waiting sooner does, with a margin for the way back', () => {
    expect(intakeDeadline(now, 2000, now + 1000)).toBe(now + 1000 - ANSWER_MARGIN_MS);
    expect(intakeDeadline(now, 2000, now + 100)).toBeLessThanOrEqual(now);
  });

  it('ignores a deadline that is not a time', () => {
    expect(intakeDeadline(now, 2000, Number.NaN)).toBe(now + 2000);
    expect(intakeDeadline(now, 2000, 0)).toBe(now + 2000);
  });
});

describe('mayHaveBeenAbandoned', () => {
  const intake = { token: 't', answer_by: 50_000 };

  it('skips the lookup for a first attempt that starts well before the intake could give up', () => {
    expect(mayHaveBeenAbandoned(intake, 0, 50_000 - CLOCK_SKEW_MARGIN_MS - 1)).toBe(false);
  });

  it('looks for a first attempt from a clock skew before the deadline on', () => {
    expect(mayHaveBeenAbandoned(intake, 0, 50_000 - CLOCK_SKEW_MARGIN_MS)).toBe(true);
    expect(mayHaveBeenAbandoned(intake, 0, 60_000)).toBe(true);
  });

  it('never for a retry: the first attempt looked already', () => {
    expect(mayHaveBeenAbandoned(intake, 1, 60_000)).toBe(false);
  });
});

it('marks a token under the service prefix, apart from any queue', () => {
  expect(abandonedMarkKey('shotcaller:bull', 'abc')).toBe('shotcaller:bull:intake-abandoned:abc');
});
