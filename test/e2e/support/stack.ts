import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../../../apps/campaign/src/boot.js';
import { loadCampaignConfig } from '../../../apps/campaign/src/config.js';
import { bootGateway } from '../../../apps/gateway/src/boot.js';
import { loadGatewayConfig } from '../../../apps/gateway/src/config.js';
import { startMailing, type Mailing } from '../../../apps/campaign/test/support/mail-catcher.js';

type Env = Record<string, string>;

/**
 * The gateway and the campaign service booted for real on one test file's environment, with a client for the
 * gateway's HTTP API and a connection to the campaign database to check what was (not) written.
 */
export class Stack {
  readonly env: TestEnvironment;
  gateway: INestApplication;
  campaign: INestApplication | undefined;
  db: pg.Client;
  /** The jobs service and the SMTP server it mails to: registration and invitations queue mails. */
  mailing: Mailing;
  private readonly campaignSettings: Env;
  private readonly gatewaySettings: Env;

  private constructor(label: string, overrides: { gateway?: Env; campaign?: Env }) {
    this.env = new TestEnvironment(label);
    // No jobs service in these stacks: campaigns are created unseeded, unless a stack boots one and says `job`.
    this.campaignSettings = this.env.campaign({ CAMPAIGN_SEEDING: 'off', ...overrides.campaign });
    this.gatewaySettings = this.env.gateway(overrides.gateway);
  }

  static async start(label: string, overrides: { gateway?: Env; campaign?: Env } = {}): Promise<Stack> {
    const stack = new Stack(label, overrides);
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
    await this.mailing?.stop();
    await this.env.cleanup();
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
