import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Subscription } from '@nats-io/transport-node';
import pg from 'pg';
import {
  ActorKind,
  natsSubject,
  RealtimeSubjects,
  NatsHeader,
  Subjects,
  UserRole,
  type Actor,
  type CampaignView,
  type InvitationEvent,
  type InvitationRedeemedView,
  type InvitationRegistration,
  type InvitationsIndexView,
  type InvitationView,
  type PublicInvitationView,
  type SessionGrant,
} from '@shotcaller/contracts';
import { unitOfWork } from '@shotcaller/persistence';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { AfterCommit } from '@shotcaller/persistence';
import { loadCampaignConfig } from '../src/config.js';
import { startMailing, type Mailing } from './support/mail-catcher.js';

/**
 * Invitations over NATS, as the gateway asks for them: who may invite whom, what an invitee sees, each outcome of
 * redeeming (and of registering through one), and the events that ask for the emails, sent only once the
 * invitation is committed.
 */

const env = new TestEnvironment('invitations-int');
/** Registration and invitations queue mails: the jobs service and an SMTP server take them. */
let mailing: Mailing | undefined;
let app: INestApplication;
let nats: NatsRequester;
let db: pg.Client;

const { invitations } = Subjects.campaign;

interface Person {
  actor: Actor;
  email: string;
}

let gm: Person;
let player: Person;
let newcomer: Person;
let stranger: Person;
let otherGm: Person;
let campaign: CampaignView;
let otherCampaign: CampaignView;

/** The invitation events received, in the order campaign published them. */
const events: { subject: string; event: InvitationEvent }[] = [];
const subscriptions: Subscription[] = [];

async function register(email: string, gamemaster = true): Promise<Person> {
  const grant = await nats.expectOk<SessionGrant>(Subjects.campaign.users.register, {
    email,
    password: 'secret123',
    first_name: email.split('@')[0],
    last_name: 'Tester',
    gamemaster,
  });
  return {
    actor: { id: grant.user.id, kind: ActorKind.User, roles: gamemaster ? [UserRole.Gamemaster] : [] },
    email,
  };
}

async function setCurrent(person: Person, id: string | null): Promise<void> {
  await nats.expectOk(Subjects.campaign.campaigns.setCurrent, { id }, { actor: person.actor });
}

const count = async (sql: string, values: unknown[] = []) =>
  Number((await db.query<{ n: number }>(`select count(*)::int as n ${sql}`, values)).rows[0].n);

const invitationRow = async (id: string) =>
  (
    await db.query<{
      email: string | null;
      remaining_count: number | null;
      redeemed: boolean;
      redeemed_at: Date;
    }>('select email, remaining_count, redeemed, redeemed_at from invitations where id = $1', [id])
  ).rows[0];

const isMember = async (person: Person, campaignId: string) =>
  (await count('from campaign_memberships where campaign_id = $1 and user_id = $2', [
    campaignId,
    person.actor.id,
  ])) === 1;

const invite = (by: Person, fields: Record<string, unknown>) =>
  nats.expectOk<InvitationView>(invitations.create, fields, { actor: by.actor });

/** Waits for the events published so far to include one about this invitation, and answers them all. */
function eventsUntil(invitationId: string, subject: string) {
  return eventually(() => {
    const found = events.some(
      (received) => received.event.invitation_id === invitationId && received.subject === subject,
    );
    if (!found) throw new Error(`no ${subject} event for ${invitationId} yet`);
    return events.map(({ subject: on, event }) => ({ on, id: event.invitation_id }));
  }, 5000);
}

beforeAll(async () => {
  mailing = await startMailing(env);
  const settings = env.campaign();
  app = await bootCampaign(loadCampaignConfig(settings));
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
  for (const subject of [
    Subjects.campaign.events.invitationCreated,
    Subjects.campaign.events.invitationResent,
  ]) {
    const subscription = nats.connection.subscribe(natsSubject(subject, env.subjectPrefix), {
      callback: (_, message) => {
        events.push({ subject, event: message.json<InvitationEvent>() });
      },
    });
    subscriptions.push(subscription);
  }
  await nats.connection.flush();

  gm = await register('gm@example.com');
  player = await register('player@example.com', false);
  newcomer = await register('newcomer@example.com', false);
  stranger = await register('stranger@example.com', false);
  otherGm = await register('other-gm@example.com');
  campaign = await nats.expectOk<CampaignView>(
    Subjects.campaign.campaigns.create,
    { campaign: { name: 'Hong Kong Nights' } },
    { actor: gm.actor },
  );
  await nats.expectOk(
    Subjects.campaign.memberships.add,
    { campaign_id: campaign.id, user_id: player.actor.id },
    { actor: gm.actor },
  );
  otherCampaign = await nats.expectOk<CampaignView>(
    Subjects.campaign.campaigns.create,
    { campaign: { name: 'Somebody Else' } },
    { actor: otherGm.actor },
  );
  await setCurrent(gm, campaign.id);
  await setCurrent(player, campaign.id);
  await setCurrent(otherGm, otherCampaign.id);
});

afterAll(async () => {
  for (const subscription of subscriptions) subscription.unsubscribe();
  await nats?.close();
  await db?.end();
  await app?.close();
  await mailing?.stop();
  await env.cleanup();
});

describe('creating an invitation', () => {
  it('invites an address to the current campaign, and asks for the email once it is committed', async () => {
    const invitation = await invite(gm, { email: 'Someone.New@Example.com' });
    expect(invitation).toMatchObject({
      entity_class: 'Invitation',
      email: 'someone.new@example.com',
      maximum_count: null,
      remaining_count: null,
      redeemed: false,
      redeemed_at: null,
      campaign_id: campaign.id,
      user_id: gm.actor.id,
      campaign: { id: campaign.id, name: 'Hong Kong Nights' },
      gamemaster: { id: gm.actor.id, first_name: 'gm', last_name: 'Tester', name: 'gm Tester' },
      pending_user: null,
    });
    expect(await invitationRow(invitation.id)).toMatchObject({
      email: 'someone.new@example.com',
      redeemed: false,
    });
    await eventsUntil(invitation.id, Subjects.campaign.events.invitationCreated);
    expect(events.find((received) => received.event.invitation_id === invitation.id)?.event).toEqual({
      invitation_id: invitation.id,
      campaign_id: campaign.id,
      campaign_name: 'Hong Kong Nights',
      email: 'someone.new@example.com',
      maximum_count: null,
      inviter_id: gm.actor.id,
      inviter_name: 'gm Tester',
    });
  });

  it('makes a counted invitation, with all its places left', async () => {
    const invitation = await invite(gm, { maximum_count: 3 });
    expect(invitation).toMatchObject({ email: null, maximum_count: 3, remaining_count: 3, redeemed: false });
  });

  it('takes an address or a count, exactly one, and writes nothing otherwise', async () => {
    const before = await count('from invitations');
    const both = await nats.expectError(
      invitations.create,
      { email: 'both@example.com', maximum_count: 2 },
      { actor: gm.actor },
    );
    expect(both).toMatchObject({
      statusCode: 422,
      details: {
        errors: {
          email: ['must not be present if maximum_count is set'],
          maximum_count: ['must not be present if email is set'],
        },
      },
    });
    const neither = await nats.expectError(invitations.create, {}, { actor: gm.actor });
    expect(neither).toMatchObject({ statusCode: 422, code: 'validation_failed' });
    expect(Object.keys(neither.details?.errors ?? {}).sort()).toEqual(['email', 'maximum_count']);
    expect(await count('from invitations')).toBe(before);
  });

  it('is not for the gamemaster, nor for a player already in the campaign', async () => {
    const before = await count('from invitations');
    expect(
      await nats.expectError(invitations.create, { email: 'GM@example.com' }, { actor: gm.actor }),
    ).toMatchObject({ statusCode: 422, details: { errors: { email: ['is the gamemaster'] } } });
    expect(
      await nats.expectError(invitations.create, { email: player.email }, { actor: gm.actor }),
    ).toMatchObject({ statusCode: 422, details: { errors: { email: ['is already a player'] } } });
    expect(await count('from invitations')).toBe(before);
  });

  it('keeps one pending invitation per address and campaign, whatever its case', async () => {
    await invite(gm, { email: 'twice@example.com' });
    const again = await nats.expectError(
      invitations.create,
      { email: 'TWICE@example.com' },
      { actor: gm.actor },
    );
    expect(again).toMatchObject({
      statusCode: 422,
      details: { errors: { email: ['has already been invited to this campaign'] } },
    });
    expect(await count("from invitations where email = 'twice@example.com'")).toBe(1);
  });

  it('is refused to a player of the campaign (403) and to someone without a current campaign (404)', async () => {
    const before = await count('from invitations');
    expect(
      await nats.expectError(invitations.create, { email: 'x@example.com' }, { actor: player.actor }),
    ).toMatchObject({ statusCode: 403, code: 'forbidden' });
    expect(
      await nats.expectError(invitations.create, { email: 'x@example.com' }, { actor: stranger.actor }),
    ).toMatchObject({ statusCode: 404, message: 'No current campaign is set' });
    expect(await count('from invitations')).toBe(before);
  });

  it('announces nothing it refused', async () => {
    await nats.expectError(invitations.create, { email: player.email }, { actor: gm.actor });
    await nats.expectError(invitations.create, { email: 'y@example.com' }, { actor: player.actor });
    const marker = await invite(gm, { email: 'marker@example.com' });
    const seen = await eventsUntil(marker.id, Subjects.campaign.events.invitationCreated);
    const ids = new Set((await db.query<{ id: string }>('select id from invitations')).rows.map((r) => r.id));
    expect(seen.filter(({ id }) => !ids.has(id))).toEqual([]);
  });

  it('with an Idempotency-Key, a retry gets the first invitation, and it is announced once', async () => {
    const key = `invite-${Date.now()}`;
    const headers = { [NatsHeader.IdempotencyKey]: key };
    const first = await nats.expectOk<InvitationView>(
      invitations.create,
      { email: 'retried@example.com' },
      { actor: gm.actor, headers },
    );
    const retry = await nats.expectOk<InvitationView>(
      invitations.create,
      { email: 'retried@example.com' },
      { actor: gm.actor, headers },
    );
    expect(retry.id).toBe(first.id);
    expect(await count("from invitations where email = 'retried@example.com'")).toBe(1);
    const marker = await invite(gm, { email: 'after-retry@example.com' });
    const seen = await eventsUntil(marker.id, Subjects.campaign.events.invitationCreated);
    expect(seen.filter(({ id }) => id === first.id)).toHaveLength(1);
  });
});

describe('listing and showing', () => {
  it("lists the current campaign's pending invitations, newest first, to its gamemaster only", async () => {
    const listed = await nats.expectOk<InvitationsIndexView>(invitations.list, {}, { actor: gm.actor });
    expect(listed.invitations.length).toBeGreaterThan(2);
    expect(listed.invitations.every((invitation) => invitation.campaign_id === campaign.id)).toBe(true);
    expect(listed.invitations.every((invitation) => !invitation.redeemed)).toBe(true);
    const times = listed.invitations.map((invitation) => invitation.created_at);
    expect([...times].sort().reverse()).toEqual(times);

    expect(await nats.expectError(invitations.list, {}, { actor: player.actor })).toMatchObject({
      statusCode: 403,
    });
    expect(await nats.expectError(invitations.list, {}, { actor: stranger.actor })).toMatchObject({
      statusCode: 404,
    });
    const theirs = await nats.expectOk<InvitationsIndexView>(invitations.list, {}, { actor: otherGm.actor });
    expect(theirs.invitations.every((invitation) => invitation.campaign_id === otherCampaign.id)).toBe(true);
  });

  it('shows anyone holding the id the campaign and who invited, and nothing else', async () => {
    const invitation = await invite(gm, { email: 'shown@example.com' });
    const shown = await nats.expectOk<PublicInvitationView>(invitations.get, { id: invitation.id });
    expect(shown).toEqual({
      id: invitation.id,
      entity_class: 'Invitation',
      email: 'shown@example.com',
      maximum_count: null,
      remaining_count: null,
      campaign: {
        id: campaign.id,
        name: 'Hong Kong Nights',
        description: null,
        image_url: null,
        entity_class: 'Campaign',
      },
      gamemaster: {
        id: gm.actor.id,
        first_name: 'gm',
        last_name: 'Tester',
        name: 'gm Tester',
        image_url: null,
        entity_class: 'User',
      },
      pending_user: null,
    });
    expect(JSON.stringify(shown)).not.toContain(gm.email);
    expect(
      await nats.expectError(invitations.get, { id: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ statusCode: 404 });
  });
});

describe('redeeming', () => {
  it('refuses an email invitation to anyone signed in with another address (403), writing nothing', async () => {
    const invitation = await invite(gm, { email: newcomer.email });
    const refused = await nats.expectError(
      invitations.redeem,
      { id: invitation.id },
      { actor: stranger.actor },
    );
    expect(refused).toMatchObject({
      statusCode: 403,
      code: 'forbidden',
      details: { mismatch: true, invitation_email: newcomer.email },
    });
    expect(await isMember(stranger, campaign.id)).toBe(false);
    expect(await invitationRow(invitation.id)).toMatchObject({ redeemed: false });
  });

  it('lets its invitee join (201 with the campaign), then tells them they are in already (409)', async () => {
    const [invitation] = (
      await nats.expectOk<InvitationsIndexView>(invitations.list, {}, { actor: gm.actor })
    ).invitations.filter((pending) => pending.email === newcomer.email);
    const announced: unknown[] = [];
    const following = nats.connection.subscribe(
      natsSubject(RealtimeSubjects.campaign(campaign.id), env.subjectPrefix),
      {
        callback: (_, message) => {
          announced.push(message.json());
        },
      },
    );
    await nats.connection.flush();
    const joined = await nats.expectOk<InvitationRedeemedView>(
      invitations.redeem,
      { id: invitation.id },
      { actor: newcomer.actor },
    );
    // The campaign's clients learn of their new player: the campaign as the answer has it, then the reload.
    await eventually(() =>
      expect(announced).toEqual([{ campaign: joined.campaign }, { campaigns: 'reload' }]),
    );
    following.unsubscribe();
    expect(joined.message).toBe('Successfully joined Hong Kong Nights!');
    expect(joined.campaign).toMatchObject({ id: campaign.id });
    expect(joined.campaign.user_ids).toContain(newcomer.actor.id);
    expect(await isMember(newcomer, campaign.id)).toBe(true);
    expect(await invitationRow(invitation.id)).toMatchObject({
      redeemed: true,
      redeemed_at: expect.any(Date),
    });

    const again = await nats.expectError(
      invitations.redeem,
      { id: invitation.id },
      { actor: newcomer.actor },
    );
    expect(again).toMatchObject({
      statusCode: 409,
      code: 'conflict',
      details: { already_member: true, campaign: { id: campaign.id } },
    });
    // Used: no longer shown, and gone from the pending list.
    expect(await nats.expectError(invitations.get, { id: invitation.id })).toMatchObject({ statusCode: 404 });
    const listed = await nats.expectOk<InvitationsIndexView>(invitations.list, {}, { actor: gm.actor });
    expect(listed.invitations.map((pending) => pending.id)).not.toContain(invitation.id);
  });

  it('answers 409 to a player, and to the gamemaster, of the campaign', async () => {
    const invitation = await invite(gm, { maximum_count: 2 });
    expect(
      await nats.expectError(invitations.redeem, { id: invitation.id }, { actor: player.actor }),
    ).toMatchObject({ statusCode: 409, details: { already_member: true } });
    expect(
      await nats.expectError(invitations.redeem, { id: invitation.id }, { actor: gm.actor }),
    ).toMatchObject({ statusCode: 409, message: 'You are the gamemaster of this campaign' });
    expect(await invitationRow(invitation.id)).toMatchObject({ remaining_count: 2, redeemed: false });
  });

  it('takes a place of a counted invitation per person, and it is used up at 0', async () => {
    const invitation = await invite(otherGm, { maximum_count: 2 });
    const first = await register('first-of-two@example.com', false);
    const second = await register('second-of-two@example.com', false);
    const third = await register('third-of-two@example.com', false);

    await nats.expectOk(invitations.redeem, { id: invitation.id }, { actor: first.actor });
    expect(await invitationRow(invitation.id)).toMatchObject({ remaining_count: 1, redeemed: false });
    const shown = await nats.expectOk<PublicInvitationView>(invitations.get, { id: invitation.id });
    expect(shown).toMatchObject({ maximum_count: 2, remaining_count: 1 });

    await nats.expectOk(invitations.redeem, { id: invitation.id }, { actor: second.actor });
    expect(await invitationRow(invitation.id)).toMatchObject({
      remaining_count: 0,
      redeemed: true,
      redeemed_at: expect.any(Date),
    });

    expect(
      await nats.expectError(invitations.redeem, { id: invitation.id }, { actor: third.actor }),
    ).toMatchObject({ statusCode: 404 });
    expect(await isMember(first, otherCampaign.id)).toBe(true);
    expect(await isMember(second, otherCampaign.id)).toBe(true);
    expect(await isMember(third, otherCampaign.id)).toBe(false);
  });

  it('hands the last place of a counted invitation to one of two people asking at once', async () => {
    const invitation = await invite(otherGm, { maximum_count: 1 });
    const racers = [
      await register('racer-one@example.com', false),
      await register('racer-two@example.com', false),
    ];
    const replies = await Promise.all(
      racers.map((racer) => nats.request(invitations.redeem, { id: invitation.id }, { actor: racer.actor })),
    );
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    expect(replies.find((reply) => !reply.ok)).toMatchObject({ error: { statusCode: 404 } });
    expect(
      await count('from campaign_memberships m join users u on u.id = m.user_id where u.email like $1', [
        'racer-%',
      ]),
    ).toBe(1);
  });

  it('is 404 for an invitation that does not exist, writing nothing', async () => {
    const before = await count('from campaign_memberships');
    expect(
      await nats.expectError(
        invitations.redeem,
        { id: '00000000-0000-4000-8000-000000000000' },
        { actor: stranger.actor },
      ),
    ).toMatchObject({ statusCode: 404 });
    expect(await count('from campaign_memberships')).toBe(before);
  });
});

describe('registering through an invitation', () => {
  const fields = { first_name: 'Nora', last_name: 'Newman', password: 'secret123' };

  it("makes the account for the invitation's address, signs it in and joins the campaign", async () => {
    const invitation = await invite(gm, { email: 'nora@example.com' });
    const joined = await nats.expectOk<InvitationRegistration>(invitations.register, {
      id: invitation.id,
      ...fields,
      password_confirmation: 'secret123',
    });
    expect(joined.user).toMatchObject({
      email: 'nora@example.com',
      first_name: 'Nora',
      entity_class: 'User',
    });
    expect(joined.token?.split('.')).toHaveLength(3);
    expect(joined.claims?.sub).toBe(joined.user.id);
    expect(joined.requires_confirmation).toBe(false);
    expect(joined.campaign.user_ids).toContain(joined.user.id);
    expect(joined.message).toBe('Account created. Successfully joined Hong Kong Nights!');
    expect(await invitationRow(invitation.id)).toMatchObject({ redeemed: true });

    // Used: a second account through it is refused, and nothing is written.
    const users = await count('from users');
    expect(await nats.expectError(invitations.register, { id: invitation.id, ...fields })).toMatchObject({
      statusCode: 404,
    });
    expect(await count('from users')).toBe(users);
  });

  it('with an Idempotency-Key, a retry is the same account signed in afresh; no token is stored', async () => {
    const invitation = await invite(gm, { email: 'retry-register@example.com' });
    const headers = { [NatsHeader.IdempotencyKey]: `register-${invitation.id}` };
    const payload = { id: invitation.id, ...fields };
    const first = await nats.expectOk<InvitationRegistration>(invitations.register, payload, { headers });
    const retry = await nats.expectOk<InvitationRegistration>(invitations.register, payload, { headers });
    expect(retry.user.id).toBe(first.user.id);
    expect(retry.token?.split('.')).toHaveLength(3);
    expect(retry.campaign.id).toBe(campaign.id);
    expect(retry.message).toBe(first.message);
    expect(await count("from users where email = 'retry-register@example.com'")).toBe(1);
    const stored = await db.query<{ response: unknown }>(
      'select response from idempotency_keys where key = $1',
      [`register-${invitation.id}`],
    );
    expect(JSON.stringify(stored.rows[0].response)).not.toContain(first.token);
    expect(stored.rows[0].response).toMatchObject({ user_id: first.user.id });
  });

  it('refuses another address than the invitation’s', async () => {
    const invitation = await invite(gm, { email: 'only-me@example.com' });
    const refused = await nats.expectError(invitations.register, {
      id: invitation.id,
      ...fields,
      email: 'someone-else@example.com',
    });
    expect(refused).toMatchObject({ statusCode: 422, details: { errors: { email: expect.any(Array) } } });
    expect(await count("from users where email = 'someone-else@example.com'")).toBe(0);
  });

  it('refuses an address that has an account (422, has_account), joining nothing', async () => {
    const invitation = await invite(gm, { email: stranger.email });
    const users = await count('from users');
    const refused = await nats.expectError(invitations.register, { id: invitation.id, ...fields });
    expect(refused).toMatchObject({
      statusCode: 422,
      details: { errors: { email: ['has already been taken'] }, has_account: true },
    });
    expect(await count('from users')).toBe(users);
    expect(await isMember(stranger, campaign.id)).toBe(false);
    expect(await invitationRow(invitation.id)).toMatchObject({ redeemed: false });
  });

  it('needs an address for a counted invitation, and takes a place', async () => {
    const invitation = await invite(gm, { maximum_count: 5 });
    expect(await nats.expectError(invitations.register, { id: invitation.id, ...fields })).toMatchObject({
      statusCode: 422,
      details: { errors: { email: ["can't be blank"] } },
    });
    const joined = await nats.expectOk<InvitationRegistration>(invitations.register, {
      id: invitation.id,
      ...fields,
      email: 'Counted.Newcomer@example.com',
    });
    expect(joined.user.email).toBe('counted.newcomer@example.com');
    expect(await invitationRow(invitation.id)).toMatchObject({ remaining_count: 4, redeemed: false });
  });
});

describe('resending and withdrawing', () => {
  it('resends an email invitation, announced for the mail', async () => {
    const invitation = await invite(gm, { email: 'resend-me@example.com' });
    const resent = await nats.expectOk<InvitationView>(
      invitations.resend,
      { id: invitation.id },
      {
        actor: gm.actor,
      },
    );
    expect(resent.id).toBe(invitation.id);
    await eventsUntil(invitation.id, Subjects.campaign.events.invitationResent);
  });

  it('does not resend a counted invitation (it has no address)', async () => {
    const invitation = await invite(gm, { maximum_count: 2 });
    expect(
      await nats.expectError(invitations.resend, { id: invitation.id }, { actor: gm.actor }),
    ).toMatchObject({ statusCode: 422 });
  });

  it("is 404 for another campaign's invitation, and refused to players", async () => {
    const theirs = await invite(otherGm, { email: 'theirs@example.com' });
    expect(await nats.expectError(invitations.resend, { id: theirs.id }, { actor: gm.actor })).toMatchObject({
      statusCode: 404,
    });
    expect(await nats.expectError(invitations.delete, { id: theirs.id }, { actor: gm.actor })).toMatchObject({
      statusCode: 404,
    });
    const ours = await invite(gm, { email: 'ours@example.com' });
    expect(
      await nats.expectError(invitations.delete, { id: ours.id }, { actor: player.actor }),
    ).toMatchObject({ statusCode: 403 });
    expect(await count('from invitations where id = any($1)', [[theirs.id, ours.id]])).toBe(2);
  });

  it('withdraws an invitation of the current campaign', async () => {
    const invitation = await invite(gm, { email: 'withdrawn@example.com' });
    expect(await nats.expectOk(invitations.delete, { id: invitation.id }, { actor: gm.actor })).toEqual({
      deleted: true,
    });
    expect(await count('from invitations where id = $1', [invitation.id])).toBe(0);
    expect(await nats.expectError(invitations.get, { id: invitation.id })).toMatchObject({ statusCode: 404 });
  });

  it('goes with its campaign', async () => {
    const doomed = await nats.expectOk<CampaignView>(
      Subjects.campaign.campaigns.create,
      { campaign: { name: 'Doomed' } },
      { actor: gm.actor },
    );
    await setCurrent(gm, doomed.id);
    const invitation = await invite(gm, { email: 'doomed@example.com' });
    await nats.expectOk(Subjects.campaign.campaigns.delete, { id: doomed.id }, { actor: gm.actor });
    expect(await count('from invitations where id = $1', [invitation.id])).toBe(0);
    await setCurrent(gm, campaign.id);
  });
});

describe('announcing after the commit', () => {
  let orm: MikroORM;
  let afterCommit: AfterCommit;

  beforeAll(() => {
    orm = app.get(MikroORM);
    afterCommit = new AfterCommit(orm);
  });

  it('runs at once outside a transaction', () => {
    const ran: string[] = [];
    afterCommit.run(unitOfWork(orm), () => ran.push('now'));
    expect(ran).toEqual(['now']);
  });

  it('waits for the outermost transaction (an idempotent request) to commit, past a nested one', async () => {
    const ran: string[] = [];
    await orm.em.fork().transactional(async () => {
      const em = unitOfWork(orm);
      await em.transactional(async () => undefined);
      afterCommit.run(em, () => ran.push('committed'));
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed']);
  });

  it('never runs for a change rolled back', async () => {
    const ran: string[] = [];
    await expect(
      orm.em.fork().transactional(async () => {
        afterCommit.run(unitOfWork(orm), () => ran.push('rolled back'));
        throw new Error('the request failed after its change');
      }),
    ).rejects.toThrow('the request failed');
    expect(ran).toEqual([]);
  });
});
