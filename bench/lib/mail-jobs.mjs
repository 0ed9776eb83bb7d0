// The jobs service as the HTTP and realtime benchmarks need it: registering a user queues its welcome and
// confirmation mails (the campaign service fails the registration when nothing takes them), so a jobs process runs
// beside the services, mailing to an SMTP server that accepts every message and drops it.
import { SMTPServer } from 'smtp-server';
import { ServiceProcess, waitUntilReady } from './system.mjs';

/** An SMTP server on a free loopback port that accepts every message and drops it, counting what arrived. */
export async function startMailSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      stream.on('end', () => {
        received += 1;
        done();
      });
      stream.resume();
    },
  });
  await new Promise((resolveListening) => server.listen(0, '127.0.0.1', resolveListening));
  return {
    server,
    port: server.server.address().port,
    received: () => received,
    close: () => new Promise((resolveClosed) => server.close(resolveClosed)),
  };
}

/**
 * Starts a mail sink and the jobs service (`entry`, built) mailing to it, with `env` (NATS, Redis, the public
 * key...) and HTTP on `port`; resolves once the service is ready. `stop()` stops both.
 */
export async function startMailingJobs({ entry, env, port, log, cwd }) {
  const mail = await startMailSink();
  const jobs = new ServiceProcess(
    'jobs',
    entry,
    {
      ...env,
      PORT: String(port),
      OPS_PORT: '0',
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      JOBS_LOCATION_SWEEP_EVERY_MS: '0',
      JOBS_MEDIA_SWEEP_EVERY_MS: '0',
    },
    log,
    cwd,
  );
  const stop = async () => {
    await jobs.stop();
    await mail.close();
  };
  try {
    await waitUntilReady(jobs, `http://127.0.0.1:${port}/health/ready`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { jobs, mail, stop };
}
