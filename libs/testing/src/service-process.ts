import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const ROOT = new URL('../../../', import.meta.url);

/** A service running as a real process of its own, from its sources. */
export interface ServiceProcess {
  child: ChildProcess;
  /** Its base URL, once it listens. */
  url: string;
}

/**
 * Starts `apps/<app>/src/main.ts` with `settings` as its environment; resolves once it says it listens. A test that
 * must kill a service, or run replicas as separate processes, uses this instead of booting it in the test.
 */
export async function startServiceProcess(
  app: string,
  settings: Record<string, string>,
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', './libs/testing/ts-register.mjs', `apps/${app}/src/main.ts`],
    {
      cwd: ROOT,
      env: { ...process.env, ...settings },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /listening on (http:\/\/\S+?)"/.exec(line);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`${app} exited during boot (code ${code})`)));
  });
  return { child, url };
}

/** Resolves once the process has exited (at once if it has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops a process the way an orchestrator does: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopServiceProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
  child.kill('SIGTERM');
  await exited(child);
  clearTimeout(force);
}
