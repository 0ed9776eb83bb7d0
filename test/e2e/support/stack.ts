import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../../apps/campaign/src/boot.js';
import { loadCampaignConfig } from '../../../apps/campaign/src/config.js';
import { bootGateway } from '../../../apps/gateway/src/boot.js';
import { loadGatewayConfig } from '../../../apps/gateway/src/config.js';
import { bootMedia } from '../../../apps/media/src/boot.js';
import { loadMediaConfig } from '../../../apps/media/src/config.js';
import { startMailing, type Mailing } from '../../../apps/campaign/test/support/mail-catcher.js';

type Env = Record<string, string>;

export interface StackOptions {
  gateway?: Env;
  campaign?: Env;
  /** Also boot the media service (its storage in a temporary directory), which the gateway streams images to. */
  media?: Env;
}

/**
 * The gateway and the campaign service booted for real on one test file's environment, with a client for the
 * gateway's HTTP API and a connection to the campaign database to check what was (not) written.
 */
export class Stack {
  readonly env: TestEnvironment;
  gateway: INestApplication;
  campaign: INestApplication | undefined;
  media: INestApplication | undefined;
  db: pg.Client;
  /** The jobs service and the SMTP server it mails to: registration and invitations queue mails. */
  mailing: Mailing;
  private readonly campaignSettings: Env;
  private gatewaySettings: Env;
  private mediaStorage: string | undefined;

  private constructor(label: string, overrides: StackOptions) {
    this.env = new TestEnvironment(label);
    // No jobs service in these stacks: campaigns are created unseeded, unless a stack boots one and says `job`.
    this.campaignSettings = this.env.campaign({ CAMPAIGN_SEEDING: 'off', ...overrides.campaign });
    this.gatewaySettings = this.env.gateway(overrides.gateway);
  }

  static async start(label: string, overrides: StackOptions = {}): Promise<Stack> {
    const stack = new Stack(label, overrides);
    if (overrides.media) await stack.startMedia(overrides.media);
    await stack.startCampaign();
    stack.gateway = await stack.bootGateway();
    // Booted last: the first app booted in a process keeps Nest's shared logger, and that is the campaign service.
    stack.mailing = await startMailing(stack.env);
    stack.db = new pg.Client({ connectionString: stack.campaignSettings.DATABASE_URL });
    await stack.db.connect();
    return stack;
  }

  /** Another gateway replica on the same environment (shared Redis, same NATS namespace). */
  bootGateway(overrides: Env = {}): Promise<INestApplication> {
    return bootGateway(loadGatewayConfig({ ...this.gatewaySettings, ...overrides }), { host: '127.0.0.1' });
  }

  async startCampaign(): Promise<void> {
    this.campaign = await bootCampaign(loadCampaignConfig(this.campaignSettings), { host: '127.0.0.1' });
  }

  private async startMedia(overrides: Env): Promise<void> {
    this.mediaStorage = await mkdtemp(join(tmpdir(), 'shotcaller-media-'));
    const settings = this.env.common({
      DATABASE_URL: this.env.databaseUrl('media'),
      MEDIA_STORAGE_DIR: this.mediaStorage,
      ...overrides,
    });
    this.media = await bootMedia(loadMediaConfig(settings), { host: '127.0.0.1' });
    const { port } = this.media.getHttpServer().address() as AddressInfo;
    this.gatewaySettings = { MEDIA_SERVICE_URL: `http://127.0.0.1:${port}`, ...this.gatewaySettings };
  }

  async stopCampaign(): Promise<void> {
    await this.campaign?.close();
    this.campaign = undefined;
  }

  http(app: INestApplication = this.gateway): TestAgent {
    return request(app.getHttpServer());
  }

  async count(table: 'users' | 'campaigns' | 'campaign_memberships'): Promise<number> {
    return Number((await this.db.query(`select count(*)::int as n from ${table}`)).rows[0].n);
  }

  async stop(): Promise<void> {
    await this.db?.end();
    await this.gateway?.close();
    await this.campaign?.close();
    await this.media?.close();
    await this.mailing?.stop();
    await this.env.cleanup();
    if (this.mediaStorage) await rm(this.mediaStorage, { recursive: true, force: true });
  }
}

export interface Account {
  email: string;
  password: string;
  token: string;
  id: string;
}

let counter = 0;

/** Registers a user through the API and signs them in. */
export async function signUp(stack: Stack, fields: Record<string, unknown> = {}): Promise<Account> {
  counter += 1;
  const email = `user${counter}-${stack.env.id}@example.com`.toLowerCase();
  const password = 'secret123';
  const address = `10.${counter % 250}.${Math.floor(counter / 250)}.1`;
  const registered = await stack
    .http()
    .post('/api/v2/users/register')
    .set('X-Forwarded-For', address)
    .send({ user: { email, password, first_name: 'Test', last_name: `User ${counter}`, ...fields } });
  if (registered.status !== 201)
    throw new Error(`registration failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  return {
    email,
    password,
    token: bearerToken(registered.headers.authorization),
    id: registered.body.data.id,
  };
}

/** Signs an account in from a client address; the token it answers with. */
export async function signIn(stack: Stack, account: Account, address: string): Promise<string> {
  const response = await stack
    .http()
    .post('/users/sign_in')
    .set('X-Forwarded-For', address)
    .send({ user: { email: account.email, password: account.password } });
  expect(response.status).toBe(200);
  return bearerToken(response.headers.authorization);
}

export function bearerToken(header: string | undefined): string {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  if (!match) throw new Error(`no bearer token in "${header}"`);
  return match[1];
}

/** No error body may carry a stack trace or internals. */
export function expectNoStackTrace(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.(ts|js):\d+|"stack"/);
}
