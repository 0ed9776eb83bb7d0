import type { ChildProcess } from 'node:child_process';
import {
  startServiceProcess,
  stopServiceProcess,
  type ServiceProcess,
  type TestEnvironment,
} from '@shotcaller/testing';

/** A gateway replica running as a real process of its own, from its sources. */
export type GatewayProcess = ServiceProcess;

/** Starts a gateway replica on `env`'s stores (settings overridable); resolves once it listens. */
export function startGatewayProcess(
  env: TestEnvironment,
  overrides: Record<string, string> = {},
): Promise<GatewayProcess> {
  return startServiceProcess('gateway', env.gateway({ TRUST_PROXY: 'true', ...overrides }));
}

/** Stops a replica the way an orchestrator does: SIGTERM, then SIGKILL after 5 s. */
export function stopGatewayProcess(child: ChildProcess): Promise<void> {
  return stopServiceProcess(child);
}
