// Seeds what the realtime scenarios subscribe to, through the REST API as a client would: users (registered,
// each with its own token), a gamemaster's campaign with every user as a member, and fights in it.
import http from 'node:http';
import { send } from '../lib/load.mjs';

const PASSWORD = 'benchPassword1';

export class Api {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  /** One request; throws unless the status is `expected`. Answers the response with its parsed body. */
  async call(request, expected) {
    const response = await send(this.agent, this.baseUrl, request, { keepBody: true });
    if (response.status !== expected) {
      throw new Error(
        `${request.method ?? 'GET'} ${request.path} answered ${response.status}, expected ${expected}: ` +
          response.body?.slice(0, 300),
      );
    }
    return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
  }

  async register(label, runId) {
    const email = `bench-rt-${label}-${runId}@example.com`;
    const response = await this.call(
      {
        method: 'POST',
        path: '/api/v2/users/register',
        body: { user: { email, password: PASSWORD, first_name: 'Bench', last_name: label } },
      },
      201,
    );
    const header = response.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
      throw new Error(`registering ${email} gave no bearer token in the Authorization header`);
    }
    const id = response.json.data?.id;
    if (typeof id !== 'string') throw new Error(`registering ${email} answered no user id (data.id)`);
    return { id, authorization: header, token: header.slice('Bearer '.length) };
  }

  destroy() {
    this.agent.destroy();
  }
}

/** Runs `work(index)` for 0..count-1, `parallel` at a time. */
async function inParallel(count, parallel, work) {
  const results = new Array(count);
  let next = 0;
  async function lane() {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return results;
}

/**
 * `users` players and a gamemaster, the gamemaster's campaign (made current) with every player a member, and
 * `fights` fights in it. Registration hashes each password (argon2id), so it runs 4 at a time.
 */
export async function seedRealtime(api, { runId, users, fights }) {
  const gamemaster = await api.register('gm', runId);
  const players = await inParallel(users, 4, (index) => api.register(`p${index}`, runId));
  const auth = { authorization: gamemaster.authorization };
  const campaign = (
    await api.call(
      {
        method: 'POST',
        path: '/api/v2/campaigns',
        headers: auth,
        body: { campaign: { name: 'Bench realtime' } },
      },
      201,
    )
  ).json;
  await api.call(
    { method: 'POST', path: '/api/v2/campaigns/current', headers: auth, body: { id: campaign.id } },
    200,
  );
  await inParallel(players.length, 8, (index) =>
    api.call(
      {
        method: 'POST',
        path: '/api/v2/campaign_memberships',
        headers: auth,
        body: { membership: { campaign_id: campaign.id, user_id: players[index].id } },
      },
      201,
    ),
  );
  const fightIds = await inParallel(fights, 8, async (index) => {
    const fight = (
      await api.call(
        {
          method: 'POST',
          path: '/api/v2/fights',
          headers: auth,
          body: { fight: { name: `Bench room ${index + 1}` } },
        },
        201,
      )
    ).json;
    if (typeof fight?.id !== 'string')
      throw new Error(`creating a fight answered no id: ${JSON.stringify(fight)}`);
    return fight.id;
  });
  return { gamemaster, players, campaignId: campaign.id, fightIds };
}
