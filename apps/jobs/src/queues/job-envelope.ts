/**
 * What is stored as a BullMQ job's data: the caller's data as validated at enqueue, and the user whose request
 * queued it (from the verified actor token, never from the payload), so the outcome can reach them.
 */
export interface JobEnvelope {
  user_id: string | null;
  data: Record<string, unknown>;
  /** Set by `jobs.enqueue` / `jobs.run` (jobs of a schedule have none): see JobIntakeMark. */
  intake?: JobIntakeMark;
}

/**
 * Which attempt at storing the job this is, and when the intake stops waiting for Redis to store it. Should the
 * intake answer an error before Redis stored the job, it marks the token abandoned; a job stored later anyway is
 * then failed by its worker without being run (see mayHaveBeenAbandoned).
 */
export interface JobIntakeMark {
  token: string;
  /** Epoch milliseconds, the intake's clock. */
  answer_by: number;
}
