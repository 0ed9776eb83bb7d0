import { UnrecoverableError } from 'bullmq';
import { JobFailure } from './job-failure.js';
import { failedReasonOf, failureFromReason, isFinalFailure } from './job-outcome.rules.js';

describe('what a failed job tells its requester', () => {
  it('carries a JobFailure code and message, and whether it was final', () => {
    const transient = failedReasonOf(
      JobFailure.transient('smtp_unreachable', 'The mail server did not answer'),
    );
    expect(failureFromReason(transient)).toEqual({
      code: 'smtp_unreachable',
      message: 'The mail server did not answer',
      final: false,
    });
    const final = failedReasonOf(
      JobFailure.permanent('not_a_pdf', 'The file is not a PDF: it has no header'),
    );
    expect(failureFromReason(final)).toEqual({
      code: 'not_a_pdf',
      message: 'The file is not a PDF: it has no header',
      final: true,
    });
  });

  it("never passes on another error's message, which may hold an address or a token", () => {
    const reason = failedReasonOf(new Error('connect ECONNREFUSED 10.0.0.7:25 user=secret'));
    expect(reason).not.toContain('secret');
    expect(failureFromReason(reason)).toEqual({ code: 'job_error', message: 'The job failed', final: false });
  });

  it('reads anything it did not write as a job_error', () => {
    expect(failureFromReason(undefined)).toMatchObject({ code: 'job_error', final: false });
    expect(failureFromReason('Missing lock for job 7')).toMatchObject({ code: 'job_error' });
  });
});

describe('when a failure ends a job', () => {
  it('ends it at once when no retry could help', () => {
    expect(isFinalFailure(JobFailure.permanent('bad', 'x'), 1, 3)).toBe(true);
    expect(isFinalFailure(new UnrecoverableError('x'), 1, 3)).toBe(true);
  });

  it('otherwise ends it once its attempts are spent', () => {
    expect(isFinalFailure(JobFailure.transient('busy', 'x'), 1, 3)).toBe(false);
    expect(isFinalFailure(new Error('x'), 2, 3)).toBe(false);
    expect(isFinalFailure(new Error('x'), 3, 3)).toBe(true);
  });
});
