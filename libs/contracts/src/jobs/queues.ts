/** The jobs service's BullMQ queues, one per kind of background work. */
export const JobQueues = {
  mail: 'mail',
  pdf: 'pdf',
  ai: 'ai',
  webhooks: 'webhooks',
  notion: 'notion',
  seeding: 'seeding',
  maintenance: 'maintenance',
} as const;

export type JobQueueName = (typeof JobQueues)[keyof typeof JobQueues];

export const JOB_QUEUE_NAMES = Object.values(JobQueues) as JobQueueName[];
