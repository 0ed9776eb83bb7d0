import type { ReadinessReport } from '@shotcaller/observability';

export interface DependencyHealth {
  status: 'up' | 'down';
  /** Round trip of the check, when it completed. */
  latency_ms: number | null;
  message?: string;
}

export interface DetailedHealth {
  status: 'ok' | 'error' | 'shutting_down';
  service: 'realtime-location';
  checked_at: string;
  dependencies: Record<string, DependencyHealth>;
}

/** The readiness report in the shape of the original service's /health/detailed: each dependency, its latency. */
export function detailedHealth(report: ReadinessReport, now = new Date()): DetailedHealth {
  const dependencies: Record<string, DependencyHealth> = {};
  for (const [name, detail] of Object.entries(report.details ?? {})) {
    const { status, rtt_ms, message } = detail as { status?: string; rtt_ms?: unknown; message?: unknown };
    dependencies[name] = {
      status: status === 'up' ? 'up' : 'down',
      latency_ms: typeof rtt_ms === 'number' ? rtt_ms : null,
      ...(typeof message === 'string' ? { message } : {}),
    };
  }
  return { status: report.status, service: 'realtime-location', checked_at: now.toISOString(), dependencies };
}
