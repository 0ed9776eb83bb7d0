import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BullmqConnection } from '@shotcaller/persistence';
import { eventually } from '@shotcaller/testing';
import { DASHBOARD_COOKIE } from '../../apps/gateway/src/http/queue-dashboard/queue-dashboard.controller.js';
import { bootJobs } from '../../apps/jobs/src/boot.js';
import { loadJobsConfig } from '../../apps/jobs/src/config.js';
import { signIn, signUp, Stack, type Account } from './support/stack.js';

/**
 * The queue dashboard (Bull Board in the jobs service) through the gateway: administrators only, by Bearer token
 * or by the session cookie a browser gets; everyone else is refused before anything reaches the jobs service.
 */
let jobs: INestApplication;
let stack: Stack;
/** A gateway pointed at this test's jobs service. */
let gateway: INestApplication;
let admin: Account & { adminToken: string };
let player: Account;

beforeAll(async () => {
  stack = await Stack.start('queue-dashboard');
  const settings = stack.env.common(
    stack.env.redis({ JOBS_LOCATION_SWEEP_EVERY_MS: '0', JOBS_MEDIA_SWEEP_EVERY_MS: '0' }),
  );
  jobs = await bootJobs(loadJobsConfig(settings), { host: '127.0.0.1' });
  gateway = await stack.bootGateway({ JOBS_DASHBOARD_URL: await jobs.getUrl() });
  const account = await signUp(stack);
  await stack.db.query('update users set admin = true where id = $1', [account.id]);
  admin = { ...account, adminToken: await signIn(stack, account, '10.30.0.1') };
  player = await signUp(stack);
});

afterAll(async () => {
  await gateway?.close();
  await jobs?.close();
  await stack?.stop();
});

const http = () => stack.http(gateway);

describe('the queue dashboard', () => {
  it('is served to an administrator with a Bearer token: the page and its API with every queue', async () => {
    const page = await http().get('/admin/queues').auth(admin.adminToken, { type: 'bearer' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Shotcaller jobs</title>');
    const queues = await http().get('/admin/queues/api/queues').auth(admin.adminToken, { type: 'bearer' });
    expect(queues.status).toBe(200);
    const names = (queues.body as { queues: { name: string }[] }).queues.map((queue) => queue.name).sort();
    expect(names).toEqual(['ai', 'mail', 'maintenance', 'notion', 'pdf', 'seeding', 'webhooks']);
  });

  it('opens a browser session kept in an HttpOnly cookie scoped to the dashboard, and closes it', async () => {
    const opened = await stack
      .http()
      .post('/admin/queues/session')
      .auth(admin.adminToken, { type: 'bearer' });
    expect(opened.status).toBe(204);
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toContain(`${DASHBOARD_COOKIE}=`);
    expect(cookie).toContain('Path=/admin/queues');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const sessionCookie = cookie.split(';')[0];
    const viaCookie = await http().get('/admin/queues/api/queues').set('Cookie', sessionCookie);
    expect(viaCookie.status).toBe(200);

    const closed = await http().delete('/admin/queues/session').set('Cookie', sessionCookie);
    expect(closed.status).toBe(204);
    expect(String(closed.headers['set-cookie'])).toContain('Max-Age=0');
  });

  it('retries and removes a failed job, and refuses to add one that jobs.enqueue never checked', async () => {
    const { connection, prefix } = jobs.get(BullmqConnection);
    const maintenance = new Queue('maintenance', { connection, prefix });
    try {
      // A job its runner refuses for good: it lands in the failed set after one attempt.
      const job = await maintenance.add('retired_job', { user_id: null, data: {} }, { attempts: 1 });
      await eventually(async () => expect(await maintenance.getJobState(job.id!)).toBe('failed'));
      const as = (request: ReturnType<ReturnType<typeof http>['put']>) =>
        request.auth(admin.adminToken, { type: 'bearer' });

      const retried = await as(http().put(`/admin/queues/api/queues/maintenance/${job.id}/retry`));
      expect(retried.status).toBeLessThan(300);
      await eventually(async () => expect((await maintenance.getJob(job.id!))?.attemptsMade).toBe(2));
      await eventually(async () => expect(await maintenance.getJobState(job.id!)).toBe('failed'));

      const removed = await as(http().put(`/admin/queues/api/queues/maintenance/${job.id}/clean`));
      expect(removed.status).toBeLessThan(300);
      expect(await maintenance.getJob(job.id!)).toBeUndefined();

      const mail = new Queue('mail', { connection, prefix });
      const mailJobs = () => mail.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed');
      try {
        const before = await mailJobs();
        const added = await http()
          .post('/admin/queues/api/queues/mail/add')
          .auth(admin.adminToken, { type: 'bearer' })
          .send({ name: 'welcome', data: { to: 'anyone@example.com' } });
        expect(added.status).toBe(403);
        expect(await mailJobs()).toBe(before);
      } finally {
        await mail.close();
      }
    } finally {
      await maintenance.close();
    }
  });

  it('refuses anyone but an administrator, including one demoted since their token was issued', async () => {
    expect((await http().get('/admin/queues')).status).toBe(401);
    expect((await http().get('/admin/queues').auth('not-a-token', { type: 'bearer' })).status).toBe(401);
    const forPlayer = await http().get('/admin/queues/api/queues').auth(player.token, { type: 'bearer' });
    expect(forPlayer.status).toBe(403);
    expect(forPlayer.body).toMatchObject({ error: expect.any(String) });
    const session = await http().post('/admin/queues/session').auth(player.token, { type: 'bearer' });
    expect(session.status).toBe(403);
    expect(session.headers['set-cookie']).toBeUndefined();

    // An administrator's token whose admin flag was taken away since is refused: the account is asked, not the token.
    await stack.db.query('update users set admin = false where id = $1', [admin.id]);
    try {
      const demoted = await http().get('/admin/queues').auth(admin.adminToken, { type: 'bearer' });
      expect(demoted.status).toBe(403);
    } finally {
      await stack.db.query('update users set admin = true where id = $1', [admin.id]);
    }
  });

  it('is refused by the jobs service itself without an administrator token', async () => {
    const base = await jobs.getUrl();
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
    const forPlayer = await fetch(`${base}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${player.token}` },
    });
    expect(forPlayer.status).toBe(403);
  });
});
