/** `maintenance` jobs: scheduled housekeeping, started by the jobs service's own schedules. */
export const MaintenanceJobNames = {
  /** Asks realtime-location to end expired and idle sessions (`location.sessions.sweep`). */
  locationSweep: 'location_sweep',
  /** Asks media to delete orphaned images (`media.images.sweep`). */
  mediaSweep: 'media_sweep',
  /** Does nothing: what the queues themselves cost (the jobs benchmark), and a check that workers run. */
  noop: 'noop',
} as const;

/** A maintenance job takes no data: what it does is its name. */
export class MaintenanceJobData {}

export const MaintenanceJobShapes = {
  [MaintenanceJobNames.locationSweep]: MaintenanceJobData,
  [MaintenanceJobNames.mediaSweep]: MaintenanceJobData,
  [MaintenanceJobNames.noop]: MaintenanceJobData,
};
