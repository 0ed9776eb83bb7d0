/** The six deployable services. Each listens on NATS with its name as the queue group. */
export const ServiceName = {
  Gateway: 'gateway',
  Campaign: 'campaign',
  Chat: 'chat',
  RealtimeLocation: 'realtime-location',
  Media: 'media',
  Jobs: 'jobs',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];

/** Services that answer NATS requests (the gateway only sends them). */
export type BackendServiceName = Exclude<ServiceName, 'gateway'>;
