/**
 * What the dashboard may change: retry, remove and promote jobs, pause and resume queues. Everything else that
 * writes (adding a job, editing a job's data, delay or priority, emptying or obliterating a queue, schedulers,
 * concurrency and rate limits) is refused: a job added or edited there would skip the validation `jobs.enqueue`
 * gives every job, and the rest is configuration. Reading is always allowed.
 */
const ALLOWED_WRITES: RegExp[] = [
  /^\/api\/queues\/[^/]+\/[^/]+\/(retry|clean|promote)$/,
  /^\/api\/queues\/[^/]+\/(retry|clean)\/[a-z]+$/,
  /^\/api\/queues\/[^/]+\/promote$/,
  /^\/api\/queues\/[^/]+\/(pause|resume)$/,
  /^\/api\/queues\/(pause|resume)$/,
];

/** Whether a request (method, path under the dashboard's mount) is one the dashboard may make. */
export function dashboardRequestAllowed(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  if (method !== 'PUT') return false;
  return ALLOWED_WRITES.some((pattern) => pattern.test(path));
}
