import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestEnvironment } from '@shotcaller/testing';

const ROOT = new URL('../../../', import.meta.url);

/** A gateway replica running as a real process of its own, from its sources. */
export interface GatewayProcess {
  child: ChildProcess;
  /** Its base URL, once it listens. */
  url: string;
}

/** Starts a gateway replica on `env`'s stores (settings overridable); resolves once it listens. */
export async function startGatewayProcess(
  env: TestEnvironment,
  overrides: Record<string, string> = {},
): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    ['--import', './libs/testing/ts-register.mjs', 'apps/gateway/src/main.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env.gateway({ TRUST_PROXY: 'true', ...overrides }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /listening on (http:\/\/\S+?)"/.exec(line);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`a gateway exited during boot (code ${code})`)));
  });
  return { child, url };
}

/** Stops a replica the way an orchestrator does: SIGTERM, then SIGKILL after 5 s. */
export function stopGatewayProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
