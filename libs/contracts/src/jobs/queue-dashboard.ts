/** Where the queue dashboard (Bull Board) is served: by the jobs service, and by the gateway in front of it. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
