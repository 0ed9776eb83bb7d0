import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import {
  ActorKind,
  natsSubject,
  RealtimeSubjects,
  Subjects,
  type Actor,
  type CampaignsIndexView,
  type CampaignView,
  type CurrentUserView,
  type RevocationsPage,
  type RevokedTokenDto,
  type SessionGrant,
} from '@shotcaller/contracts';
import { generateSigningKeyPair } from '@shotcaller/auth';
import { eventually, NatsRequester, signTestToken, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import { registerActor } from './support/accounts.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

const env = new TestEnvironment('campaign-int');
/** Registration and invitations queue mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;

const userActor = (id: string): Actor => ({ id, kind: ActorKind.User, roles: [] });
const registration = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: 'secret123',
  first_name: 'Gina',
  last_name: 'Master',
  ...extra,
});
const count = async (table: string) =>
  Number((await db.query(`select count(*)::int as n from ${table}`)).rows[0].n);

beforeAll(async () => {
  mailing = await startMailing(env);
  const settings = env.campaign({ AUTH_LOCKOUT_THRESHOLD: '3', AUTH_LOCKOUT_SECONDS: '600' });
  app = await bootCampaign(loadCampaignConfig(settings));
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await nats?.close();
  await db?.end();
  await app?.close();
  await mailing?.stop();
  await env.cleanup();
});

describe('campaign service over NATS', () => {
  it('created its own database and applied its migrations before serving', async () => {
    const applied = await db.query('select name from schema_migrations order by id');
    expect(applied.rows.map((row: { name: string }) => row.name)).toEqual([
      '20261121000000-accounts-and-campaigns',
      '20261201000000-token-versions-and-sign-in-failures',
      '20261201100000-revoked-tokens',
      '20261201200000-idempotency-keys',
      '20261202000000-campaign-entities',
      '20261202100000-invitations',
      '20261203400000-vehicle-junctures-and-onboarding',
      '20261204100000-account-tokens',
      '20261204200000-campaign-discord-webhooks',
      '20261204300000-campaign-seeding',
      '20261205100000-notion-sync',
      '20261206100000-record-image-indexes',
    ]);
  });

  it('answers ping and health on its queue group', async () => {
    const ping = await nats.expectOk<{ service: string }>(Subjects.campaign.ping, {});
    expect(ping.service).toBe('campaign');
    const health = await nats.expectOk<{ status: string; details: Record<string, unknown> }>(
      Subjects.campaign.health,
      {},
    );
    expect(health.status).toBe('ok');
    expect(Object.keys(health.details).sort()).toEqual(['nats', 'postgres']);
  });

  it('registers a user with an argon2id hash and hands back a signed token', async () => {
    const grant = await nats.expectOk<SessionGrant>(
      Subjects.campaign.users.register,
      registration('gm@example.com'),
    );
    expect(grant.user).toMatchObject({
      email: 'gm@example.com',
      name: 'Gina Master',
      gamemaster: true,
      entity_class: 'User',
    });
    expect(grant.token.split('.')).toHaveLength(3);
    expect(grant.claims).toMatchObject({
      sub: grant.user.id,
      scp: 'user',
      aud: 'shotcaller',
      iss: 'shotcaller',
    });
    expect(grant.claims.exp - grant.claims.iat).toBe(7 * 24 * 3600);
    const stored = await db.query('select password_hash from users where id = $1', [grant.user.id]);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a taken email (any case) as a field error and writes nothing', async () => {
    const before = await count('users');
    const error = await nats.expectError(Subjects.campaign.users.register, registration('GM@Example.com'));
    expect(error).toMatchObject({
      statusCode: 422,
      code: 'validation_failed',
      details: { errors: { email: ['has already been taken'] } },
    });
    expect(await count('users')).toBe(before);
  });

  it('refuses a payload that breaks its contract, naming each field, and writes nothing', async () => {
    const before = await count('users');
    const error = await nats.expectError(Subjects.campaign.users.register, {
      ...registration('new@example.com'),
      password: 'short',
      first_name: 'x'.repeat(51),
      admin: true,
    });
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('invalid_payload');
    expect(Object.keys(error.details?.errors ?? {}).sort()).toEqual(['admin', 'first_name', 'password']);
    expect(await count('users')).toBe(before);
  });

  it('signs in with the right password only, and locks the account after repeated failures from one address', async () => {
    await nats.expectOk(Subjects.campaign.users.register, registration('locked@example.com'));
    const signIn = (password: string, client_address = '203.0.113.7') =>
      nats.request<SessionGrant>(Subjects.campaign.users.signIn, {
        email: 'locked@example.com',
        password,
        client_address,
      });

    expect((await signIn('secret123')).ok).toBe(true);
    for (const attempt of [1, 2]) {
      const failure = await signIn('wrong-password1');
      expect(failure).toMatchObject({ ok: false, error: { statusCode: 401, code: 'invalid_credentials' } });
      void attempt;
    }
    const third = await signIn('wrong-password1');
    expect(third).toMatchObject({ ok: false, error: { statusCode: 401, code: 'account_locked' } });
    const whileLocked = await signIn('secret123');
    expect(whileLocked).toMatchObject({
      ok: false,
      error: { code: 'account_locked', details: { retry_after: expect.any(Number) } },
    });
    // Guessing from one address does not lock the owner out elsewhere.
    expect((await signIn('secret123', '198.51.100.20')).ok).toBe(true);
    expect((await signIn('secret123', '2001:db8::1')).ok).toBe(true);

    const unknown = await nats.request(Subjects.campaign.users.signIn, {
      email: 'nobody@example.com',
      password: 'secret123',
      client_address: '203.0.113.7',
    });
    expect(unknown).toMatchObject({
      ok: false,
      error: { statusCode: 401, code: 'invalid_credentials', message: 'Invalid email or password' },
    });
    const noAddress = await nats.expectError(Subjects.campaign.users.signIn, {
      email: 'locked@example.com',
      password: 'secret123',
    });
    expect(noAddress).toMatchObject({ statusCode: 400, code: 'invalid_payload' });
  });

  it('skips a request whose caller stopped waiting, and writes nothing', async () => {
    const users = await count('users');
    const late = await nats.expectError(
      Subjects.campaign.users.register,
      registration('too-late@example.com'),
      {
        headers: { 'x-deadline': String(Date.now() - 1000) },
      },
    );
    expect(late).toMatchObject({ statusCode: 504, code: 'upstream_timeout' });
    expect(await count('users')).toBe(users);
  });

  it('believes only an actor whose token it verifies itself', async () => {
    const grant = await nats.expectOk<SessionGrant>(
      Subjects.campaign.users.register,
      registration('verified@example.com'),
    );
    const forgedHeader = await nats.expectError(
      Subjects.campaign.users.current,
      {},
      { headers: { 'x-actor': JSON.stringify(userActor(grant.user.id)) } },
    );
    expect(forgedHeader).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
    const otherKey = await nats.expectError(
      Subjects.campaign.users.current,
      {},
      { token: await signTestToken(generateSigningKeyPair().privateKeyPem, { sub: grant.user.id }) },
    );
    expect(otherKey).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
    const genuine = await nats.expectOk<CurrentUserView>(
      Subjects.campaign.users.current,
      {},
      {
        token: grant.token,
      },
    );
    expect(genuine.id).toBe(grant.user.id);
  });

  it('ends older tokens on a password change and on signing out everywhere', async () => {
    const grant = await nats.expectOk<SessionGrant>(
      Subjects.campaign.users.register,
      registration('versions@example.com'),
    );
    const wrong = await nats.expectError(
      Subjects.campaign.users.changePassword,
      { current_password: 'not-it-1', password: 'newsecret456' },
      { token: grant.token },
    );
    expect(wrong).toMatchObject({
      statusCode: 422,
      details: { errors: { current_password: ['is invalid'] } },
    });

    const changed = await nats.expectOk<{ token: string }>(
      Subjects.campaign.users.changePassword,
      { current_password: 'secret123', password: 'newsecret456', password_confirmation: 'newsecret456' },
      { token: grant.token },
    );
    const old = await nats.expectError(Subjects.campaign.users.current, {}, { token: grant.token });
    expect(old).toMatchObject({ statusCode: 401, message: 'Token has been revoked' });
    expect((await nats.request(Subjects.campaign.users.current, {}, { token: changed.token })).ok).toBe(true);
    expect(await nats.expectOk(Subjects.campaign.users.tokenState, { user_id: grant.user.id })).toEqual({
      token_version: 1,
      active: true,
    });

    await nats.expectOk(Subjects.campaign.users.endSessions, {}, { token: changed.token });
    const ended = await nats.expectError(Subjects.campaign.users.current, {}, { token: changed.token });
    expect(ended).toMatchObject({ statusCode: 401 });
    expect(await nats.expectOk(Subjects.campaign.users.tokenState, { user_id: grant.user.id })).toEqual({
      token_version: 2,
      active: true,
    });
  });

  it('lets only an admin deactivate an account, which ends its tokens', async () => {
    const admin = await nats.expectOk<SessionGrant>(
      Subjects.campaign.users.register,
      registration('admin@example.com'),
    );
    await db.query('update users set admin = true where id = $1', [admin.user.id]);
    const target = await nats.expectOk<SessionGrant>(
      Subjects.campaign.users.register,
      registration('target@example.com'),
    );
    const self = await nats.expectError(
      Subjects.campaign.users.updateProfile,
      { user_id: target.user.id, changes: { active: false } },
      { token: target.token },
    );
    expect(self).toMatchObject({ statusCode: 403 });
    await nats.expectOk(
      Subjects.campaign.users.updateProfile,
      { user_id: target.user.id, changes: { active: false } },
      { token: admin.token },
    );
    const after = await nats.expectError(Subjects.campaign.users.current, {}, { token: target.token });
    expect(after).toMatchObject({ statusCode: 401, message: 'This account is deactivated' });
    const signIn = await nats.expectError(Subjects.campaign.users.signIn, {
      email: 'target@example.com',
      password: 'secret123',
      client_address: '203.0.113.9',
    });
    expect(signIn).toMatchObject({ statusCode: 401, message: 'This account is deactivated' });
  });

  it('refuses requests that need a user when no actor header is sent', async () => {
    const error = await nats.expectError(Subjects.campaign.campaigns.list, {});
    expect(error).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
  });

  describe('signed-out tokens', () => {
    const revoke = Subjects.campaign.sessions.revoke;
    const revocations = Subjects.campaign.sessions.revocations;

    async function allRevocations(): Promise<RevokedTokenDto[]> {
      const all: RevokedTokenDto[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await nats.expectOk<RevocationsPage>(revocations, after ? { after } : {});
        all.push(...page.revocations);
        if (page.next === null) return all;
        after = page.next;
      }
    }

    it("stores the sign-out of the caller's own token only, once it is committed", async () => {
      const owner = await nats.expectOk<SessionGrant>(
        Subjects.campaign.users.register,
        registration('signout@example.com'),
      );
      const other = await nats.expectOk<SessionGrant>(
        Subjects.campaign.users.register,
        registration('bystander@example.com'),
      );
      const own = { jti: owner.claims.jti, exp: owner.claims.exp };

      const unsigned = await nats.expectError(revoke, own);
      expect(unsigned).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
      const someoneElses = await nats.expectError(revoke, own, { token: other.token });
      expect(someoneElses).toMatchObject({ statusCode: 403, code: 'forbidden' });
      const longer = await nats.expectError(revoke, { ...own, exp: own.exp + 3600 }, { token: owner.token });
      expect(longer).toMatchObject({ statusCode: 403 });
      expect(await count('revoked_tokens')).toBe(0);

      expect(await nats.expectOk(revoke, own, { token: owner.token })).toEqual({ revoked: true });
      expect(await nats.expectOk(revoke, own, { token: owner.token })).toEqual({ revoked: true });
      const stored = await db.query('select user_id, expires_at from revoked_tokens where jti = $1', [
        own.jti,
      ]);
      expect(stored.rows).toEqual([{ user_id: owner.user.id, expires_at: new Date(own.exp * 1000) }]);
      expect(await allRevocations()).toEqual([own]);
    });

    it('lists the unexpired ones a page at a time, and clears expired rows on later sign-outs', async () => {
      const grant = await nats.expectOk<SessionGrant>(
        Subjects.campaign.users.register,
        registration('many-devices@example.com'),
      );
      await db.query(
        `insert into revoked_tokens (jti, user_id, expires_at)
           select gen_random_uuid(), $1, now() + interval '1 day' from generate_series(1, 1000)`,
        [grant.user.id],
      );
      await db.query(
        `insert into revoked_tokens (jti, user_id, expires_at)
           select gen_random_uuid(), $1, now() - interval '1 minute' from generate_series(1, 3)`,
        [grant.user.id],
      );
      const first = await nats.expectOk<RevocationsPage>(revocations, {});
      expect(first.revocations).toHaveLength(1000);
      expect(first.next).toBe(first.revocations[999].jti);
      const listed = await allRevocations();
      expect(listed).toHaveLength(1001);
      expect(new Set(listed.map(({ jti }) => jti)).size).toBe(1001);
      expect(listed.every(({ exp }) => exp * 1000 > Date.now())).toBe(true);

      const invalidAfter = await nats.expectError(revocations, { after: 'not-a-uuid' });
      expect(invalidAfter).toMatchObject({ statusCode: 400, code: 'invalid_payload' });

      await nats.expectOk(revoke, { jti: grant.claims.jti, exp: grant.claims.exp }, { token: grant.token });
      const expired = await db.query(
        'select count(*)::int as n from revoked_tokens where expires_at <= now()',
      );
      expect(expired.rows[0].n).toBe(0);
      const left = await db.query('select count(*)::int as n from revoked_tokens where user_id = $1', [
        grant.user.id,
      ]);
      expect(left.rows[0].n).toBe(1001);
    });
  });

  describe('campaigns and members', () => {
    let gm: Actor;
    let player: Actor;
    let stranger: Actor;
    let campaign: CampaignView;

    beforeAll(async () => {
      const register = async (email: string, extra = {}) =>
        userActor(
          (await nats.expectOk<SessionGrant>(Subjects.campaign.users.register, registration(email, extra)))
            .user.id,
        );
      gm = await register('runner@example.com');
      player = await register('player@example.com', { gamemaster: false });
      stranger = await register('stranger@example.com');
    });

    it('lets a gamemaster create a campaign, and refuses players', async () => {
      campaign = await nats.expectOk<CampaignView>(
        Subjects.campaign.campaigns.create,
        { campaign: { name: 'Hong Kong Nights', description: 'A heist' } },
        { actor: gm },
      );
      expect(campaign).toMatchObject({
        name: 'Hong Kong Nights',
        entity_class: 'Campaign',
        gamemaster_id: gm.id,
        user_ids: [],
      });
      const refused = await nats.expectError(
        Subjects.campaign.campaigns.create,
        { campaign: { name: 'Mine' } },
        { actor: player },
      );
      expect(refused).toMatchObject({ statusCode: 403, code: 'forbidden' });
    });

    it('keeps names unique per gamemaster, ignoring case', async () => {
      const error = await nats.expectError(
        Subjects.campaign.campaigns.create,
        { campaign: { name: 'hong kong nights' } },
        { actor: gm },
      );
      expect(error).toMatchObject({
        statusCode: 422,
        details: { errors: { name: ['has already been taken'] } },
      });
    });

    it('hides a campaign from non-members and shows it once they are added', async () => {
      const hidden = await nats.expectError(
        Subjects.campaign.campaigns.get,
        { id: campaign.id },
        { actor: player },
      );
      expect(hidden).toMatchObject({ statusCode: 404 });

      const updated = await nats.expectOk<CampaignView>(
        Subjects.campaign.memberships.add,
        { campaign_id: campaign.id, user_id: player.id },
        { actor: gm },
      );
      expect(updated.user_ids).toEqual([player.id]);
      expect(updated.players.map((user) => user.email)).toEqual(['player@example.com']);

      const seen = await nats.expectOk<CampaignView>(
        Subjects.campaign.campaigns.get,
        { id: campaign.id },
        { actor: player },
      );
      expect(seen.id).toBe(campaign.id);
      const list = await nats.expectOk<CampaignsIndexView>(
        Subjects.campaign.campaigns.list,
        {},
        { actor: player },
      );
      expect(list.campaigns.map((item) => item.id)).toEqual([campaign.id]);
      expect(list.meta).toEqual({
        current_page: 1,
        next_page: null,
        prev_page: null,
        total_pages: 1,
        total_count: 1,
      });

      const strangers = await nats.expectOk<CampaignsIndexView>(
        Subjects.campaign.campaigns.list,
        {},
        { actor: stranger },
      );
      expect(strangers.campaigns).toEqual([]);
    });

    it('refuses adding a member twice, and adding the gamemaster', async () => {
      const twice = await nats.expectError(
        Subjects.campaign.memberships.add,
        { campaign_id: campaign.id, user_id: player.id },
        { actor: gm },
      );
      expect(twice).toMatchObject({ statusCode: 409, code: 'conflict' });
      const self = await nats.expectError(
        Subjects.campaign.memberships.add,
        { campaign_id: campaign.id, user_id: gm.id },
        { actor: gm },
      );
      expect(self).toMatchObject({ statusCode: 422 });
      // By email, an immediate add would tell the gamemaster whether the address has an account.
      const byEmail = await nats.expectError(
        Subjects.campaign.memberships.add,
        { campaign_id: campaign.id, email: 'player@example.com' },
        { actor: gm },
      );
      expect(byEmail).toMatchObject({ statusCode: 400, code: 'invalid_payload' });
    });

    it('lets only the gamemaster change the campaign', async () => {
      const refused = await nats.expectError(
        Subjects.campaign.campaigns.update,
        { id: campaign.id, campaign: { name: 'Mine' } },
        { actor: player },
      );
      expect(refused).toMatchObject({ statusCode: 403 });
      const changed = await nats.expectOk<CampaignView>(
        Subjects.campaign.campaigns.update,
        { id: campaign.id, campaign: { description: 'Two heists' } },
        { actor: gm },
      );
      expect(changed.description).toBe('Two heists');
    });

    it('sets and reads the current campaign, and forgets it when the member leaves', async () => {
      await nats.expectOk(Subjects.campaign.campaigns.setCurrent, { id: campaign.id }, { actor: player });
      const current = await nats.expectOk<CampaignView>(
        Subjects.campaign.campaigns.getCurrent,
        {},
        { actor: player },
      );
      expect(current.id).toBe(campaign.id);
      const me = await nats.expectOk<CurrentUserView>(Subjects.campaign.users.current, {}, { actor: player });
      expect(me.current_campaign_id).toBe(campaign.id);
      expect(me.player_campaigns.map((item) => item.id)).toEqual([campaign.id]);

      await nats.expectOk(
        Subjects.campaign.memberships.remove,
        { campaign_id: campaign.id, user_id: player.id },
        { actor: player },
      );
      const gone = await nats.expectError(Subjects.campaign.campaigns.getCurrent, {}, { actor: player });
      expect(gone).toMatchObject({ statusCode: 404 });
    });

    it('replaces the member list in one transaction, refusing unknown users without a partial write', async () => {
      const before = await count('campaign_memberships');
      const error = await nats.expectError(
        Subjects.campaign.campaigns.update,
        {
          id: campaign.id,
          campaign: { name: 'Renamed', user_ids: [player.id, '00000000-0000-4000-8000-000000000000'] },
        },
        { actor: gm },
      );
      expect(error).toMatchObject({
        statusCode: 422,
        details: { errors: { user_ids: ['includes users that do not exist'] } },
      });
      expect(await count('campaign_memberships')).toBe(before);
      const unchanged = await nats.expectOk<CampaignView>(
        Subjects.campaign.campaigns.get,
        { id: campaign.id },
        { actor: gm },
      );
      expect(unchanged.name).toBe('Hong Kong Nights');
    });

    it('pages, searches, sorts and filters the index the Rails way', async () => {
      const names = ['Alpha Strike', 'Bravo Heist', 'Charlie Chase', 'Delta Gambit', 'Echo Ambush'];
      const created: CampaignView[] = [];
      for (const name of names) {
        created.push(
          await nats.expectOk<CampaignView>(
            Subjects.campaign.campaigns.create,
            { campaign: { name } },
            { actor: stranger },
          ),
        );
      }
      await nats.expectOk(
        Subjects.campaign.campaigns.update,
        { id: created[4].id, campaign: { active: false } },
        { actor: stranger },
      );
      const list = (query: object) =>
        nats.expectOk<CampaignsIndexView>(Subjects.campaign.campaigns.list, query, { actor: stranger });
      const namesOf = (view: CampaignsIndexView) => view.campaigns.map((campaign) => campaign.name);

      const page2 = await list({ per_page: 2, page: 2, sort: 'name', order: 'asc' });
      expect(namesOf(page2)).toEqual(['Charlie Chase', 'Delta Gambit']);
      expect(page2.meta).toEqual({
        current_page: 2,
        next_page: null,
        prev_page: 1,
        total_pages: 2,
        total_count: 4,
      });

      expect(namesOf(await list({ search: 'HEIST' }))).toEqual(['Bravo Heist']);
      expect(namesOf(await list({ search: '%' }))).toEqual([]);
      expect(namesOf(await list({ visibility: 'hidden' }))).toEqual(['Echo Ambush']);
      expect((await list({ visibility: 'all' })).meta.total_count).toBe(5);
      expect((await list({ show_all: true })).meta.total_count).toBe(5);
      expect(
        namesOf(await list({ ids: [created[0].id, created[3].id], sort: 'name', order: 'desc' })),
      ).toEqual(['Delta Gambit', 'Alpha Strike']);
      const newestFirst = await list({});
      expect(newestFirst.campaigns[0].name).toBe('Delta Gambit');
      expect((await list({ autocomplete: true, per_page: 1 })).campaigns[0]).toEqual({
        id: created[3].id,
        name: 'Delta Gambit',
        image_url: null,
        entity_class: 'Campaign',
      });
    });

    it('lists the people a user shares campaigns with, and no one else', async () => {
      await nats.expectOk(
        Subjects.campaign.memberships.add,
        { campaign_id: campaign.id, user_id: player.id },
        { actor: gm },
      );
      const seenByPlayer = await nats.expectOk<{ users: { id: string }[] }>(
        Subjects.campaign.users.list,
        {},
        { actor: player },
      );
      expect(seenByPlayer.users.map((user) => user.id).sort()).toEqual([gm.id, player.id].sort());
      const members = await nats.expectOk<{ users: { id: string }[] }>(
        Subjects.campaign.users.list,
        { campaign_id: campaign.id },
        { actor: gm },
      );
      expect(members.users.map((user) => user.id).sort()).toEqual([gm.id, player.id].sort());
      const outsiders = await nats.expectError(
        Subjects.campaign.users.list,
        { campaign_id: campaign.id },
        { actor: stranger },
      );
      expect(outsiders).toMatchObject({ statusCode: 404 });
      const asked = await nats.expectOk<{ users: { id: string }[] }>(
        Subjects.campaign.users.list,
        { ids: [stranger.id, player.id] },
        { actor: gm },
      );
      expect(asked.users.map((user) => user.id)).toEqual([player.id]);
    });

    it('deletes a campaign with its memberships, for its gamemaster only', async () => {
      const refused = await nats.expectError(
        Subjects.campaign.campaigns.delete,
        { id: campaign.id },
        { actor: player },
      );
      expect(refused).toMatchObject({ statusCode: 403 });
      await nats.expectOk(Subjects.campaign.campaigns.delete, { id: campaign.id }, { actor: gm });
      const rows = await db.query(
        'select count(*)::int as n from campaign_memberships where campaign_id = $1',
        [campaign.id],
      );
      expect(rows.rows[0].n).toBe(0);
    });
  });

  /**
   * A campaign that still has records is only deleted when asked with force (the client then confirms again):
   * refused with associations_exist and its counts, nothing written; forced, everything in it goes in one
   * transaction and only then is it announced.
   */
  describe('deleting a campaign that has records', () => {
    let owner: Actor;
    let member: Actor;
    let outsider: Actor;
    let doomed: CampaignView;
    let bystander: CampaignView;
    const published: Record<string, unknown>[] = [];
    const ended: { campaign_id: string; user_id: string }[] = [];
    const subscriptions: { unsubscribe(): void }[] = [];
    const { campaigns } = Subjects.campaign;

    /** Its records, their links, its memberships and whose current campaign it is, in rows. */
    const rowsOf = async (campaignId: string) => {
      const { rows } = await db.query<Record<string, number>>(
        `select
           (select count(*)::int from campaigns where id = $1) as campaigns,
           (select count(*)::int from characters where campaign_id = $1) as characters,
           (select count(*)::int from vehicles where campaign_id = $1) as vehicles,
           (select count(*)::int from factions where campaign_id = $1) as factions,
           (select count(*)::int from junctures where campaign_id = $1) as junctures,
           (select count(*)::int from sites where campaign_id = $1) as sites,
           (select count(*)::int from parties where campaign_id = $1) as parties,
           (select count(*)::int from schticks where campaign_id = $1) as schticks,
           (select count(*)::int from weapons where campaign_id = $1) as weapons,
           (select count(*)::int from fights where campaign_id = $1) as fights,
           (select count(*)::int from shots join fights on fights.id = shots.fight_id
              where fights.campaign_id = $1) as shots,
           (select count(*)::int from fight_events join fights on fights.id = fight_events.fight_id
              where fights.campaign_id = $1) as fight_events,
           (select count(*)::int from party_memberships join parties on parties.id = party_memberships.party_id
              where parties.campaign_id = $1) as party_memberships,
           (select count(*)::int from attunements join sites on sites.id = attunements.site_id
              where sites.campaign_id = $1) as attunements,
           (select count(*)::int from carries join weapons on weapons.id = carries.weapon_id
              where weapons.campaign_id = $1) as carries,
           (select count(*)::int from character_schticks join schticks on schticks.id = character_schticks.schtick_id
              where schticks.campaign_id = $1) as character_schticks,
           (select count(*)::int from campaign_memberships where campaign_id = $1) as memberships,
           (select count(*)::int from users where current_campaign_id = $1) as current_for`,
        [campaignId],
      );
      return rows[0];
    };
    /** Inserts a row of a campaign's record table, answering its id. */
    const insert = async (sql: string, values: unknown[]) =>
      (await db.query<{ id: string }>(`${sql} returning id`, values)).rows[0].id;

    beforeAll(async () => {
      owner = await registerActor(nats, 'owner@example.com');
      member = await registerActor(nats, 'member@example.com', { gamemaster: false });
      outsider = await registerActor(nats, 'outsider@example.com');
      doomed = await nats.expectOk<CampaignView>(
        campaigns.create,
        { campaign: { name: 'Doomed Heist', user_ids: [member.id] } },
        { actor: owner },
      );
      bystander = await nats.expectOk<CampaignView>(
        campaigns.create,
        { campaign: { name: 'Bystander' } },
        { actor: outsider },
      );
      for (const [actor, id] of [
        [owner, doomed.id],
        [member, doomed.id],
        [outsider, bystander.id],
      ] as const) {
        await nats.expectOk(campaigns.setCurrent, { id }, { actor });
      }

      const c = doomed.id;
      const id = 'gen_random_uuid()';
      const faction = await insert(
        `insert into factions (id, campaign_id, name) values (${id}, $1, 'Dragons')`,
        [c],
      );
      const juncture = await insert(
        `insert into junctures (id, campaign_id, faction_id, name) values (${id}, $1, $2, 'Contemporary')`,
        [c, faction],
      );
      const fei = await insert(
        `insert into characters (id, campaign_id, user_id, faction_id, juncture_id, name)
         values (${id}, $1, $2, $3, $4, 'Fei')`,
        [c, member.id, faction, juncture],
      );
      await insert(`insert into characters (id, campaign_id, name) values (${id}, $1, 'Mooks')`, [c]);
      const car = await insert(`insert into vehicles (id, campaign_id, name) values (${id}, $1, 'Junk')`, [
        c,
      ]);
      const site = await insert(`insert into sites (id, campaign_id, name) values (${id}, $1, 'Temple')`, [
        c,
      ]);
      await insert(`insert into attunements (id, character_id, site_id) values (${id}, $1, $2)`, [fei, site]);
      const party = await insert(`insert into parties (id, campaign_id, name) values (${id}, $1, 'Posse')`, [
        c,
      ]);
      await insert(`insert into party_memberships (id, party_id, character_id) values (${id}, $1, $2)`, [
        party,
        fei,
      ]);
      await insert(`insert into party_memberships (id, party_id, vehicle_id) values (${id}, $1, $2)`, [
        party,
        car,
      ]);
      const schtick = await insert(
        `insert into schticks (id, campaign_id, name, category) values (${id}, $1, 'Both Guns Blazing', 'Guns')`,
        [c],
      );
      await insert(`insert into character_schticks (id, character_id, schtick_id) values (${id}, $1, $2)`, [
        fei,
        schtick,
      ]);
      const weapon = await insert(
        `insert into weapons (id, campaign_id, name, damage) values (${id}, $1, 'Beretta', 10)`,
        [c],
      );
      await insert(`insert into carries (id, character_id, weapon_id) values (${id}, $1, $2)`, [fei, weapon]);
      const fight = await insert(
        `insert into fights (id, campaign_id, name) values (${id}, $1, 'Showdown')`,
        [c],
      );
      await insert(`insert into shots (id, fight_id, character_id, shot) values (${id}, $1, $2, 12)`, [
        fight,
        fei,
      ]);
      await insert(`insert into shots (id, fight_id, vehicle_id) values (${id}, $1, $2)`, [fight, car]);
      await insert(
        `insert into fight_events (id, fight_id, event_type, description) values (${id}, $1, 'attack', 'Bang')`,
        [fight],
      );
      // Another gamemaster's campaign, whose records a deletion must not reach.
      await insert(`insert into characters (id, campaign_id, name) values (${id}, $1, 'Fei')`, [
        bystander.id,
      ]);

      subscriptions.push(
        nats.connection.subscribe(natsSubject(RealtimeSubjects.campaign(doomed.id), env.subjectPrefix), {
          callback: (_error, message) => void published.push(message.json()),
        }),
        nats.connection.subscribe(natsSubject(Subjects.campaign.events.membershipEnded, env.subjectPrefix), {
          callback: (_error, message) => {
            const membership = message.json<{ campaign_id: string; user_id: string }>();
            if (membership.campaign_id === doomed.id) ended.push(membership);
          },
        }),
      );
      await nats.connection.flush();
    });

    afterAll(() => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    });

    const full = {
      campaigns: 1,
      characters: 2,
      vehicles: 1,
      factions: 1,
      junctures: 1,
      sites: 1,
      parties: 1,
      schticks: 1,
      weapons: 1,
      fights: 1,
      shots: 2,
      fight_events: 1,
      party_memberships: 2,
      attunements: 1,
      carries: 1,
      character_schticks: 1,
      memberships: 1,
      current_for: 2,
    };

    it('refuses its gamemaster without force (422 associations_exist, with the counts), deleting nothing', async () => {
      expect(await rowsOf(doomed.id)).toEqual(full);
      for (const payload of [{ id: doomed.id }, { id: doomed.id, force: false }]) {
        const refused = await nats.expectError(campaigns.delete, payload, { actor: owner });
        expect(refused).toMatchObject({
          statusCode: 422,
          code: 'validation_failed',
          details: {
            error_type: 'associations_exist',
            entity_type: 'campaign',
            entity_id: doomed.id,
            suggestions: expect.arrayContaining([expect.stringContaining('force=true')]) as unknown,
          },
        });
        expect(refused.details?.constraints).toEqual({
          characters: { count: 2, label: 'characters' },
          vehicles: { count: 1, label: 'vehicle' },
          factions: { count: 1, label: 'faction' },
          junctures: { count: 1, label: 'juncture' },
          sites: { count: 1, label: 'site' },
          parties: { count: 1, label: 'party' },
          schticks: { count: 1, label: 'schtick' },
          weapons: { count: 1, label: 'weapon' },
          fights: { count: 1, label: 'fight' },
        });
      }
      expect(await rowsOf(doomed.id)).toEqual(full);
      expect(
        await nats.expectOk<CampaignView>(campaigns.get, { id: doomed.id }, { actor: member }),
      ).toMatchObject({ name: 'Doomed Heist', user_ids: [member.id] });
    });

    it('refuses a player (403) and an outsider (404), forced or not, deleting nothing', async () => {
      for (const force of [undefined, true]) {
        const payload = { id: doomed.id, ...(force === undefined ? {} : { force }) };
        expect(await nats.expectError(campaigns.delete, payload, { actor: member })).toMatchObject({
          statusCode: 403,
        });
        expect(await nats.expectError(campaigns.delete, payload, { actor: outsider })).toMatchObject({
          statusCode: 404,
        });
      }
      expect(await rowsOf(doomed.id)).toEqual(full);
    });

    it('refuses a force that is not true or false, deleting nothing', async () => {
      for (const force of ['yes', 2, null, ['true']]) {
        const refused = await nats.expectError(campaigns.delete, { id: doomed.id, force }, { actor: owner });
        expect({ force, refused }).toMatchObject({
          force,
          refused: { details: { errors: { force: [expect.any(String)] } } },
        });
      }
      expect(await rowsOf(doomed.id)).toEqual(full);
    });

    it('deletes it forced, with all its records and their links, then announces it (once, after the commit)', async () => {
      expect(await nats.expectOk(campaigns.delete, { id: doomed.id, force: true }, { actor: owner })).toEqual(
        { deleted: true },
      );
      expect(await rowsOf(doomed.id)).toEqual(
        Object.fromEntries(Object.keys(full).map((table) => [table, 0])),
      );
      expect(await rowsOf(bystander.id)).toMatchObject({ campaigns: 1, characters: 1, current_for: 1 });
      // Everything published for it, the refusals before included: the delete's reload, and each member's end.
      await eventually(() => {
        expect(published).toContainEqual({ campaigns: 'reload' });
        expect(ended).toHaveLength(2);
      }, 5000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(published).toEqual([{ campaigns: 'reload' }]);
      expect(ended).toEqual(
        expect.arrayContaining([
          { campaign_id: doomed.id, user_id: owner.id },
          { campaign_id: doomed.id, user_id: member.id },
        ]),
      );
      expect(ended).toHaveLength(2);
      expect(await nats.expectError(campaigns.get, { id: doomed.id }, { actor: owner })).toMatchObject({
        statusCode: 404,
      });
    });

    it('deletes an empty campaign (players but no records) without force', async () => {
      const empty = await nats.expectOk<CampaignView>(
        campaigns.create,
        { campaign: { name: 'Empty Heist', user_ids: [member.id] } },
        { actor: owner },
      );
      expect(await nats.expectOk(campaigns.delete, { id: empty.id }, { actor: owner })).toEqual({
        deleted: true,
      });
      expect(await rowsOf(empty.id)).toMatchObject({ campaigns: 0, memberships: 0 });
    });
  });
});
