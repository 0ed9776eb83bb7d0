import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Subscription } from '@nats-io/transport-node';
import {
  AiJobNames,
  natsSubject,
  RealtimeSubjects,
  type AiCharacterPreview,
  type ExtendCharacterData,
  type GenerateCharacterData,
} from '@shotcaller/contracts';
import { MessagingModule, ServiceClient } from '@shotcaller/messaging';
import { MetricsModule } from '@shotcaller/observability';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { AiJobs } from '../src/ai/ai.jobs.js';
import { AiJobsModule } from '../src/ai/ai-jobs.module.js';
import { loadJobsConfig } from '../src/config.js';
import { JobFailure } from '../src/queues/job-failure.js';

const env = new TestEnvironment('jobs-ai');
const API_KEY = 'sk-test-4f1c9a2e7b0d4c1f';
const MODEL = 'test-model:7b';
const TIMEOUT_MS = 300;

/** A request the stand-in provider received. */
interface ProviderRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: unknown;
    seed?: number;
  };
}

type Answer = (response: ServerResponse) => void;

/**
 * A local OpenAI-compatible chat completions API, standing in for the external provider: answers each request
 * with the next of the answers the test queued (and records the request).
 */
class StandInProvider {
  readonly requests: ProviderRequest[] = [];
  private readonly answers: Answer[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<StandInProvider> {
    // eslint-disable-next-line prefer-const -- the handler needs the instance the constructor makes
    let self: StandInProvider;
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        self.requests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        const answer = self.answers.shift();
        if (answer) answer(response);
        else response.writeHead(500).end('no answer queued');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new StandInProvider(server);
    return self;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Answers the next request with a completion whose message content is `content`. */
  answerWithContent(content: string): this {
    return this.answerWith(200, {
      id: 'chatcmpl-1',
      choices: [{ index: 0, message: { role: 'assistant', content } }],
    });
  }

  answerWith(status: number, body: unknown, headers: Record<string, string> = {}): this {
    this.answers.push((response) =>
      response
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body)),
    );
    return this;
  }

  /** Takes the next request and never answers it. */
  neverAnswer(): this {
    this.answers.push(() => undefined);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.answers.length = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Nest's log lines, kept for the test to read. */
class KeptLogs implements LoggerService {
  readonly lines: string[] = [];
  private keep = (...parts: unknown[]) => void this.lines.push(JSON.stringify(parts));
  log = this.keep;
  warn = this.keep;
  error = this.keep;
  debug = this.keep;
  verbose = this.keep;
}

const character = {
  name: 'Mei "Lucky" Chan',
  action_values: {
    Type: 'PC',
    Archetype: 'Gambler',
    MainAttack: 'Guns',
    Guns: 13,
    Defense: 13,
    Toughness: 5,
    Speed: 7,
    Fortune: 9,
    'Max Fortune': 9,
    FortuneType: 'Fortune',
  },
  skills: { Gambling: 15, Deceit: 13 },
  description: { Background: 'Won a feng shui site at cards.', Age: '34' },
};

let provider: StandInProvider;
let nats: NatsRequester;
const logs = new KeptLogs();
const modules: TestingModule[] = [];

/** The ai runner as the jobs service provides it, configured from the environment like the service. */
async function aiRunner(
  settings: Record<string, string>,
): Promise<{ runner: AiJobs; services: ServiceClient }> {
  const config = loadJobsConfig(env.common(env.redis(settings)));
  const module = await Test.createTestingModule({
    imports: [
      MetricsModule.forRoot('jobs'),
      MessagingModule.forRoot({
        service: 'jobs',
        servers: [config.NATS_URL],
        subjectPrefix: config.NATS_SUBJECT_PREFIX,
        requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
        drainTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      }),
      AiJobsModule.forRoot(config),
    ],
  })
    .setLogger(logs)
    .compile();
  await module.init();
  modules.push(module);
  return { runner: module.get(AiJobs), services: module.get(ServiceClient) };
}

let jobIds = 0;
function job(name: string, data: GenerateCharacterData | ExtendCharacterData) {
  return { id: String(++jobIds), name, data, attemptsMade: 0, attempts: 3, userId: null };
}

/** What is published on a campaign's realtime subject, in order. */
class CampaignFollower {
  readonly messages: Record<string, unknown>[] = [];
  private readonly subscription: Subscription;

  constructor(readonly campaignId: string) {
    this.subscription = nats.connection.subscribe(
      natsSubject(RealtimeSubjects.campaign(campaignId), env.subjectPrefix),
      { callback: (_error, message) => void this.messages.push(message.json()) },
    );
  }

  static async follow(): Promise<CampaignFollower> {
    const follower = new CampaignFollower(randomUUID());
    await nats.connection.flush();
    return follower;
  }

  /**
   * Everything published before a marker that `services` (the runner's own connection, whose order NATS keeps)
   * publishes now: what the runner published for this campaign, and nothing it may still publish.
   */
  async publishedBy(services: ServiceClient): Promise<Record<string, unknown>[]> {
    const marker = { marker: randomUUID() };
    await services.publishRealtime(RealtimeSubjects.campaign(this.campaignId), marker);
    const end = await eventually(() => {
      const index = this.messages.findIndex((message) => message.marker === marker.marker);
      if (index < 0) throw new Error('the marker has not arrived');
      return index;
    }, 5000);
    this.subscription.unsubscribe();
    return this.messages.slice(0, end);
  }
}

async function failureOf(promise: Promise<unknown>): Promise<JobFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof JobFailure) return error;
    throw error;
  }
  throw new Error('the job succeeded, expected a failure');
}

beforeAll(async () => {
  provider = await StandInProvider.start();
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
});

afterAll(async () => {
  for (const module of modules) await module.close();
  await nats?.close();
  await provider?.close();
  await env.cleanup();
});

describe('ai jobs on an OpenAI-compatible provider', () => {
  let runner: AiJobs;
  let services: ServiceClient;

  beforeAll(async () => {
    ({ runner, services } = await aiRunner({
      AI_BASE_URL: provider.baseUrl,
      AI_API_KEY: API_KEY,
      AI_MODEL: MODEL,
      AI_TIMEOUT_MS: String(TIMEOUT_MS),
    }));
  });

  beforeEach(() => provider.reset());

  it('asks the provider with the model, the key and the description, and publishes the preview', async () => {
    const follower = await CampaignFollower.follow();
    provider.answerWithContent(JSON.stringify({ ...character, chatter: 'dropped' }));
    const description = 'A card sharp who cheats with real magic';

    const result = await runner.run(
      job(AiJobNames.generateCharacter, { campaign_id: follower.campaignId, description, seed: 5 }),
    );

    expect(provider.requests).toHaveLength(1);
    const [request] = provider.requests;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions',
      authorization: `Bearer ${API_KEY}`,
    });
    expect(request.body).toMatchObject({ model: MODEL, response_format: { type: 'json_object' }, seed: 5 });
    expect(request.body.messages?.map((message) => message.role)).toEqual(['system', 'user']);
    expect(request.body.messages?.[1]?.content).toContain(description);

    expect(result.status).toBe('preview_ready');
    expect(result.json).toMatchObject({
      name: 'Mei "Lucky" Chan',
      action_values: { Type: 'PC', Archetype: 'Gambler', Guns: 13, 'Martial Arts': 0, SecondaryAttack: null },
      skills: { Gambling: 15, Deceit: 13 },
      description: { Background: 'Won a feng shui site at cards.', Appearance: '' },
    });
    expect(result.json).not.toHaveProperty('chatter');
    expect(await follower.publishedBy(services)).toEqual([result]);
  });

  it('asks again with the problems when the answer is not JSON, and takes the corrected answer', async () => {
    const follower = await CampaignFollower.follow();
    provider.answerWithContent('Here is your character: Mei Chan, a gambler.');
    provider.answerWithContent(JSON.stringify(character));

    const result = await runner.run(
      job(AiJobNames.generateCharacter, { campaign_id: follower.campaignId, description: 'a gambler' }),
    );

    expect(result.json.name).toBe('Mei "Lucky" Chan');
    expect(provider.requests).toHaveLength(2);
    const retry = provider.requests[1].body.messages!;
    expect(retry.slice(0, 2)).toEqual(provider.requests[0].body.messages);
    expect(retry[2]).toEqual({ role: 'assistant', content: 'Here is your character: Mei Chan, a gambler.' });
    expect(retry[3].content).toContain('the answer is not valid JSON');
    expect(await follower.publishedBy(services)).toEqual([result]);
  });

  it('fails for good when the answer breaks the schema twice, and tells the campaign', async () => {
    const follower = await CampaignFollower.follow();
    const wrong = { ...character, action_values: { ...character.action_values, Type: 'Hero', Guns: 99 } };
    provider.answerWithContent(JSON.stringify(wrong));
    provider.answerWithContent(JSON.stringify(wrong));

    const failure = await failureOf(
      runner.run(job(AiJobNames.generateCharacter, { campaign_id: follower.campaignId, description: 'x' })),
    );

    expect(failure).toMatchObject({ code: 'ai_invalid_character', retry: false });
    expect(failure.message).toContain(
      'action_values.Type: must be one of: PC, Ally, Mook, Featured Foe, Boss, Uber-Boss',
    );
    expect(failure.message).toContain('action_values.Guns: must be at most 20');
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[1].body.messages![3].content).toContain(
      'action_values.Guns: must be at most 20',
    );
    expect(await follower.publishedBy(services)).toEqual([
      { status: 'error', error: failure.message, code: 'ai_invalid_character' },
    ]);
  });

  it('fails transiently, telling no one yet, when the provider does not answer in time', async () => {
    const follower = await CampaignFollower.follow();
    provider.neverAnswer();

    const failure = await failureOf(
      runner.run(job(AiJobNames.generateCharacter, { campaign_id: follower.campaignId, description: 'x' })),
    );

    expect(failure).toMatchObject({
      code: 'ai_provider_timeout',
      retry: true,
      message: `The AI provider did not answer within ${TIMEOUT_MS} ms`,
    });
    expect(await follower.publishedBy(services)).toEqual([]);
  });

  it('tells the campaign when a failure that may pass happens on the last attempt', async () => {
    const follower = await CampaignFollower.follow();
    provider.neverAnswer();
    const last = {
      ...job(AiJobNames.generateCharacter, { campaign_id: follower.campaignId, description: 'x' }),
      attemptsMade: 2,
    };

    expect(await failureOf(runner.run(last))).toMatchObject({ code: 'ai_provider_timeout', retry: true });
    expect(await follower.publishedBy(services)).toEqual([
      {
        status: 'error',
        error: `The AI provider did not answer within ${TIMEOUT_MS} ms`,
        code: 'ai_provider_timeout',
      },
    ]);
  });

  it('fails transiently on 429, naming the retry-after, and on a server error', async () => {
    const follower = await CampaignFollower.follow();
    provider.answerWith(
      429,
      { error: { message: 'Rate limit reached', type: 'requests' } },
      { 'retry-after': '7' },
    );
    provider.answerWith(503, { error: { message: 'overloaded' } });
    const data = { campaign_id: follower.campaignId, description: 'x' };

    expect(await failureOf(runner.run(job(AiJobNames.generateCharacter, data)))).toMatchObject({
      code: 'ai_provider_rate_limited',
      retry: true,
      message: 'The AI provider is rate limiting requests (429); it asks to retry after 7 s',
    });
    expect(await failureOf(runner.run(job(AiJobNames.generateCharacter, data)))).toMatchObject({
      code: 'ai_provider_unavailable',
      retry: true,
    });
    expect(await follower.publishedBy(services)).toEqual([]);
  });

  it('fails for good when the provider refuses the key, never repeating the key', async () => {
    const follower = await CampaignFollower.follow();
    // What OpenAI answers: the message quotes part of the key.
    provider.answerWith(401, {
      error: {
        message: `Incorrect API key provided: ${API_KEY}`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });

    const failure = await failureOf(
      runner.run(job(AiJobNames.generateCharacter, { campaign_id: follower.campaignId, description: 'x' })),
    );

    expect(failure).toMatchObject({ code: 'ai_provider_refused', retry: false });
    expect(failure.message).toBe('The AI provider refused the API key (401); check AI_API_KEY');
    const published = await follower.publishedBy(services);
    expect(published).toEqual([{ status: 'error', error: failure.message, code: 'ai_provider_refused' }]);
    expect(JSON.stringify(published)).not.toContain(API_KEY);
    const logged = logs.lines.join('\n');
    expect(logged).toContain('ai_provider_refused');
    expect(logged).not.toContain(API_KEY);
  });

  it('extends a character: sends what it has, keeps it, and fills in the rest from the answer', async () => {
    const follower = await CampaignFollower.follow();
    provider.answerWithContent(JSON.stringify({ ...character, name: 'Someone Else' }));
    const existing = {
      name: 'Old Man Hu',
      action_values: { Type: 'Boss', Guns: 16, Defense: 0, Archetype: '' },
      skills: { Gambling: 18 },
      description: { Background: 'Ran a noodle shop for sixty years.' },
    };

    const result = await runner.run(
      job(AiJobNames.extendCharacter, {
        campaign_id: follower.campaignId,
        character: existing,
        description: 'give him a hook',
      }),
    );

    const sent = provider.requests[0].body.messages![1].content;
    expect(sent).toContain('give him a hook');
    expect(sent).toContain('Ran a noodle shop for sixty years.');
    expect(result.json).toMatchObject({
      name: 'Old Man Hu',
      action_values: { Type: 'Boss', Guns: 16, Defense: 13, Archetype: 'Gambler', MainAttack: 'Guns' },
      skills: { Gambling: 18, Deceit: 13 },
      description: { Background: 'Ran a noodle shop for sixty years.', Age: '34' },
    });
    expect(await follower.publishedBy(services)).toEqual([result]);
  });
});

describe('ai jobs without a provider', () => {
  let runner: AiJobs;
  let services: ServiceClient;

  beforeAll(async () => {
    ({ runner, services } = await aiRunner({}));
  });

  it('builds the same character from the local tables for the same description, and publishes it', async () => {
    const follower = await CampaignFollower.follow();
    const data = { campaign_id: follower.campaignId, description: 'A grumpy sorcerer from 1850 Hong Kong' };

    const first: AiCharacterPreview = await runner.run(job(AiJobNames.generateCharacter, data));
    const second = await runner.run(job(AiJobNames.generateCharacter, data));

    expect(first).toEqual(second);
    expect(first.json.action_values).toMatchObject({
      Archetype: 'Sorcerer',
      MainAttack: 'Sorcery',
      Type: 'PC',
    });
    expect(await follower.publishedBy(services)).toEqual([first, second]);
  });

  it('extends a character from the local tables', async () => {
    const follower = await CampaignFollower.follow();
    const result = await runner.run(
      job(AiJobNames.extendCharacter, {
        campaign_id: follower.campaignId,
        character: { name: 'Vee', action_values: { Archetype: 'Spy' } },
      }),
    );

    expect(result.json).toMatchObject({
      name: 'Vee',
      action_values: { Archetype: 'Spy', MainAttack: 'Guns' },
    });
    expect(result.json.skills.Deceit).toBeGreaterThan(0);
    expect(await follower.publishedBy(services)).toEqual([result]);
  });

  it('refuses a job name the queue does not run, for good', async () => {
    const follower = await CampaignFollower.follow();
    const failure = await failureOf(
      runner.run(job('summon_dragon', { campaign_id: follower.campaignId, description: 'x' })),
    );
    expect(failure).toMatchObject({ code: 'ai_unknown_job', retry: false });
    expect(await follower.publishedBy(services)).toEqual([
      { status: 'error', error: failure.message, code: 'ai_unknown_job' },
    ]);
  });
});
