/**
 * What is stored as a BullMQ job's data: the caller's data as validated at enqueue, and the user whose request
 * queued it (from the verified actor token, never from the payload), so the outcome can reach them.
 */
export interface JobEnvelope {
  user_id: string | null;
  data: Record<string, unknown>;
}
