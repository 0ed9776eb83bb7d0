import type { AiCharacterPreview, TopicEvent } from '@shotcaller/contracts';
import type { Account, Stack } from './support/stack.js';
import { as as asAccount, startCampaignStack } from './support/campaign-stack.js';
import { closeAll, connect, subscribe, type ClientSocket } from './support/realtime-socket.js';

/**
 * AI character generation through the gateway, done by the real jobs service's `ai` queue with its local
 * generator (no AI_BASE_URL): the request is queued and answered 202, and the preview reaches the campaign's
 * socket subscribers. Extending works the same way; outsiders are refused; without the jobs service nothing is
 * accepted.
 */
const BOOT_GUARD_MS = 30_000;

let stack: Stack;
let gm: Account;
let player: Account;
let outsider: Account;
let campaignId: string;
let url: string;

const as = (account: Account) => asAccount(stack, account);

/** The next preview (or generation error) published on the campaign's topic to this socket. */
function nextPreview(socket: ClientSocket): Promise<AiCharacterPreview | { status: 'error'; error: string }> {
  return new Promise((resolve) => {
    const listener = (event: TopicEvent) => {
      const data = event.data as { status?: unknown } | null;
      if (event.topic !== `campaign:${campaignId}` || typeof data?.status !== 'string') return;
      socket.off('event', listener);
      resolve(data as AiCharacterPreview);
    };
    socket.on('event', listener);
  });
}

async function campaignSocket(account: Account): Promise<ClientSocket> {
  const socket = await connect(url, { token: account.token });
  expect(await subscribe(socket, `campaign:${campaignId}`)).toMatchObject({ ok: true });
  return socket;
}

beforeAll(async () => {
  ({ stack, gm, player, outsider, campaignId } = await startCampaignStack('e2e-ai'));
  url = await stack.gateway.getUrl();
}, BOOT_GUARD_MS);

afterAll(async () => {
  closeAll();
  await stack?.stop();
});

describe('AI character generation', () => {
  it('queues a character from a description (202) and publishes its preview on the campaign topic', async () => {
    const socket = await campaignSocket(gm);
    const preview = nextPreview(socket);
    const response = await as(player)
      .post('/api/v2/ai')
      .send({ ai: { description: 'A grumpy sorcerer from 1850 Hong Kong' } });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ message: 'Character generation in progress' });
    const published = await preview;
    expect(published).toMatchObject({
      status: 'preview_ready',
      json: {
        name: expect.any(String),
        action_values: { Type: expect.any(String), MainAttack: expect.any(String) },
        skills: expect.any(Object),
        description: expect.any(Object),
      },
    });
  });

  it('extends an existing character, keeping what it has', async () => {
    const character = await as(player)
      .post('/api/v2/characters')
      .send({
        character: {
          name: 'Old Man Wu',
          action_values: {
            Type: 'PC',
            Archetype: 'Old Master',
            'Martial Arts': 14,
            MainAttack: 'Martial Arts',
          },
          description: { Age: '82' },
        },
      });
    expect(character.status).toBe(201);
    const socket = await campaignSocket(player);

    const preview = nextPreview(socket);
    const response = await as(player)
      .post('/api/v2/ai')
      .send({ ai: { character_id: character.body.id, description: 'Give him a dark past' } });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ message: 'Character extension in progress' });
    expect(await preview).toMatchObject({
      status: 'preview_ready',
      json: { name: 'Old Man Wu', action_values: { 'Martial Arts': 14 }, description: { Age: '82' } },
    });

    // The Rails route does the same.
    const again = nextPreview(socket);
    const rails = await as(gm).patch(`/api/v2/ai/${character.body.id}/extend`).send({});
    expect(rails.status).toBe(202);
    expect(await again).toMatchObject({ status: 'preview_ready', json: { name: 'Old Man Wu' } });
  });

  it('refuses a request without a description (422) and a character it cannot see (404)', async () => {
    const blank = await as(player)
      .post('/api/v2/ai')
      .send({ ai: { description: '  ' } });
    expect(blank.status).toBe(422);
    expect(blank.body.errors).toEqual({ 'ai.description': expect.any(Array) });
    const missing = await as(player).post('/api/v2/ai').send({ ai: {} });
    expect(missing.status).toBe(422);
    const unknown = await as(player)
      .post('/api/v2/ai')
      .send({ ai: { character_id: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(404);
  });

  it('refuses someone who is not a member of the campaign', async () => {
    // No current campaign at all.
    const none = await as(outsider)
      .post('/api/v2/ai')
      .send({ ai: { description: 'A cop' } });
    expect(none.status).toBe(404);
    // A campaign of their own: the other campaign's characters are still not theirs to extend.
    const own = await as(outsider)
      .post('/api/v2/campaigns')
      .send({ campaign: { name: 'Elsewhere' } });
    expect((await as(outsider).post('/api/v2/campaigns/current').send({ id: own.body.id })).status).toBe(200);
    const theirs = await as(player)
      .post('/api/v2/characters')
      .send({ character: { name: 'Not For Strangers' } });
    const stranger = await as(outsider)
      .post('/api/v2/ai')
      .send({ ai: { character_id: theirs.body.id } });
    expect(stranger.status).toBe(404);
    expect(
      (
        await stack
          .http()
          .post('/api/v2/ai')
          .send({ ai: { description: 'A cop' } })
      ).status,
    ).toBe(401);
  });

  // Last: it stops the stack's jobs service.
  it('accepts nothing while the jobs service is not running (503)', async () => {
    const { mailing } = stack;
    await mailing.jobs.close();
    stack.mailing = { ...mailing, stop: () => mailing.catcher.close() };
    const response = await as(player)
      .post('/api/v2/ai')
      .send({ ai: { description: 'A cop' } });
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'service_unavailable' });
  });
});
