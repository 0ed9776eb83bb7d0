import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import {
  AccountMessages,
  ActorKind,
  natsSubject,
  Subjects,
  UserRole,
  type AccountMessage,
  type Actor,
  type CampaignView,
  type EmailConfirmed,
  type InvitationView,
  type SessionGrant,
} from '@shotcaller/contracts';
import { eventually, NatsRequester, TestEnvironment } from '@shotcaller/testing';
import { bootCampaign } from '../src/boot.js';
import { loadCampaignConfig } from '../src/config.js';
import {
  bootMailingJobs,
  linkIn,
  MailCatcher,
  TEST_APP_URL,
  type CaughtMail,
} from './support/mail-catcher.js';

/**
 * The mails the campaign service sends, through the real jobs service to a real SMTP server, and the account
 * flows they serve: confirmation and password reset tokens that work once and expire. With the jobs service
 * down, a request that would mail fails with 503 and writes nothing.
 */

const env = new TestEnvironment('account-mails-int');
let campaignApp: INestApplication;
let jobsApp: INestApplication | undefined;
let catcher: MailCatcher;
let nats: NatsRequester;
let db: pg.Client;

const { users, invitations, memberships } = Subjects.campaign;
const PASSWORD = 'secret123';
const DAY_MS = 24 * 3600 * 1000;

interface Person {
  actor: Actor;
  email: string;
  token: string;
}

let people = 0;
function newAddress(label: string): string {
  people += 1;
  return `${label}${people}@example.com`;
}

async function register(label: string, gamemaster = true): Promise<Person> {
  const email = newAddress(label);
  const grant = await nats.expectOk<SessionGrant>(users.register, {
    email,
    password: PASSWORD,
    first_name: `Fn${label}`,
    last_name: 'Tester',
    gamemaster,
  });
  return {
    actor: { id: grant.user.id, kind: ActorKind.User, roles: gamemaster ? [UserRole.Gamemaster] : [] },
    email,
    token: grant.token,
  };
}

/** The token in a mail's link that starts with `prefix`, URL-decoded. */
function tokenIn(mail: CaughtMail, prefix: string): string {
  const link = linkIn(mail, prefix);
  return decodeURIComponent(link.slice(prefix.length));
}

const confirmationPrefix = `${TEST_APP_URL}/confirm?confirmation_token=`;
const resetPrefix = `${TEST_APP_URL}/reset-password/`;

async function userRow(email: string) {
  const { rows } = await db.query<{
    id: string;
    confirmed_at: Date | null;
    confirmation_token_digest: string | null;
    confirmation_sent_at: Date | null;
    reset_password_token_digest: string | null;
    reset_password_sent_at: Date | null;
    token_version: number;
    password_hash: string;
  }>(
    `select id, confirmed_at, confirmation_token_digest, confirmation_sent_at, reset_password_token_digest,
       reset_password_sent_at, token_version, password_hash from users where email = $1`,
    [email],
  );
  return rows[0];
}

const count = async (sql: string, values: unknown[] = []) =>
  Number((await db.query<{ n: number }>(`select count(*)::int as n ${sql}`, values)).rows[0].n);

function signIn(email: string, password: string) {
  return nats.request<SessionGrant>(users.signIn, { email, password, client_address: '10.0.0.1' });
}

beforeAll(async () => {
  const settings = env.campaign();
  campaignApp = await bootCampaign(loadCampaignConfig(settings), { host: '127.0.0.1' });
  catcher = await MailCatcher.start();
  jobsApp = await bootMailingJobs(env, catcher);
  nats = await NatsRequester.connect(env.stores.nats, env.subjectPrefix);
  db = new pg.Client({ connectionString: settings.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await nats?.close();
  await db?.end();
  await campaignApp?.close();
  await jobsApp?.close();
  await catcher?.close();
  await env.cleanup();
});

describe('registration', () => {
  it('mails a welcome and a confirmation link; the link confirms the address once', async () => {
    const person = await register('newbie');
    const [welcome] = await catcher.mailsTo(person.email, 'Welcome to Shotcaller');
    expect(welcome.to).toEqual([person.email]);
    const [confirmation] = await catcher.mailsTo(person.email, 'Confirm your email address');
    const token = tokenIn(confirmation, confirmationPrefix);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(confirmation.html).toContain(`href="${linkIn(confirmation, confirmationPrefix)}"`);

    const before = await userRow(person.email);
    expect(before.confirmed_at).toBeNull();
    // Only the digest is stored.
    expect(before.confirmation_token_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(before)).not.toContain(token);

    const confirmed = await nats.expectOk<EmailConfirmed>(users.confirmEmail, { confirmation_token: token });
    expect(confirmed).toMatchObject({ message: AccountMessages.confirmed, data: { email: person.email } });
    const after = await userRow(person.email);
    expect(after.confirmed_at).toBeInstanceOf(Date);
    expect(after.confirmation_token_digest).toBeNull();

    const again = await nats.expectError(users.confirmEmail, { confirmation_token: token });
    expect(again).toMatchObject({
      statusCode: 422,
      details: { errors: { confirmation_token: ['is invalid'] } },
    });
  });

  it('refuses an expired confirmation link, and a resent one works while the old one does not', async () => {
    const person = await register('late');
    const [first] = await catcher.mailsTo(person.email, 'Confirm your email address');
    const oldToken = tokenIn(first, confirmationPrefix);
    // Four days ago: past the default three.
    await db.query('update users set confirmation_sent_at = $1 where email = $2', [
      new Date(Date.now() - 4 * DAY_MS),
      person.email,
    ]);

    const expired = await nats.expectError(users.confirmEmail, { confirmation_token: oldToken });
    expect(expired).toMatchObject({
      statusCode: 422,
      details: { errors: { confirmation_token: ['has expired, please request a new one'] } },
    });
    expect((await userRow(person.email)).confirmed_at).toBeNull();

    const resent = await nats.expectOk<AccountMessage>(users.resendConfirmation, { email: person.email });
    expect(resent).toEqual({ message: AccountMessages.confirmationSent });
    const mails = await catcher.mailsTo(person.email, 'Confirm your email address', 2);
    const newToken = tokenIn(mails[1], confirmationPrefix);
    expect(newToken).not.toBe(oldToken);

    await expect(
      nats.expectError(users.confirmEmail, { confirmation_token: oldToken }),
    ).resolves.toMatchObject({
      details: { errors: { confirmation_token: ['is invalid'] } },
    });
    await nats.expectOk(users.confirmEmail, { confirmation_token: newToken });
    expect((await userRow(person.email)).confirmed_at).toBeInstanceOf(Date);
  });

  it('answers a resend alike for an unknown address, and changes nothing', async () => {
    const unknown = await nats.expectOk<AccountMessage>(users.resendConfirmation, {
      email: 'nobody-here@example.com',
    });
    expect(unknown).toEqual({ message: AccountMessages.confirmationSent });
    expect(await count('from users where email = $1', ['nobody-here@example.com'])).toBe(0);
  });

  it('refuses a token that was never issued', async () => {
    const error = await nats.expectError(users.confirmEmail, { confirmation_token: 'x'.repeat(43) });
    expect(error).toMatchObject({
      statusCode: 422,
      details: { errors: { confirmation_token: ['is invalid'] } },
    });
  });
});

describe('password reset', () => {
  it('mails a reset link; the token sets a new password once and ends every session', async () => {
    const person = await register('forgetful');
    const reply = await nats.expectOk<AccountMessage>(users.requestPasswordReset, { email: person.email });
    expect(reply).toEqual({ message: AccountMessages.resetSent });
    const [mail] = await catcher.mailsTo(person.email, 'Reset your password');
    const token = tokenIn(mail, resetPrefix);
    const before = await userRow(person.email);
    expect(before.reset_password_token_digest).toMatch(/^[0-9a-f]{64}$/);

    const done = await nats.expectOk<AccountMessage>(users.resetPassword, {
      reset_password_token: token,
      password: 'newsecret456',
      password_confirmation: 'newsecret456',
    });
    expect(done).toEqual({ message: AccountMessages.passwordReset });
    const after = await userRow(person.email);
    expect(after.token_version).toBe(before.token_version + 1);
    expect(after.reset_password_token_digest).toBeNull();

    // The old token is of an ended version; the new password signs in, the old one does not.
    const state = await nats.expectOk<{ token_version: number }>(users.tokenState, {
      user_id: person.actor.id,
    });
    expect(state.token_version).toBe(after.token_version);
    expect((await signIn(person.email, 'newsecret456')).ok).toBe(true);
    expect(await signIn(person.email, PASSWORD)).toMatchObject({ ok: false, error: { statusCode: 401 } });

    const reused = await nats.expectError(users.resetPassword, {
      reset_password_token: token,
      password: 'another789',
    });
    expect(reused).toMatchObject({
      statusCode: 422,
      details: { errors: { reset_password_token: ['is invalid'] } },
    });
  });

  it('refuses an expired reset token and keeps the password', async () => {
    const person = await register('slow');
    await nats.expectOk(users.requestPasswordReset, { email: person.email });
    const [mail] = await catcher.mailsTo(person.email, 'Reset your password');
    const token = tokenIn(mail, resetPrefix);
    await db.query('update users set reset_password_sent_at = $1 where email = $2', [
      new Date(Date.now() - 7 * 3600 * 1000),
      person.email,
    ]);
    const before = await userRow(person.email);

    const expired = await nats.expectError(users.resetPassword, {
      reset_password_token: token,
      password: 'newsecret456',
    });
    expect(expired).toMatchObject({
      statusCode: 422,
      details: { errors: { reset_password_token: ['has expired, please request a new one'] } },
    });
    const after = await userRow(person.email);
    expect(after.password_hash).toBe(before.password_hash);
    expect(after.token_version).toBe(before.token_version);
  });

  it('applies the registration rules to the new password', async () => {
    const error = await nats.expectError(users.resetPassword, {
      reset_password_token: 'y'.repeat(43),
      password: 'short',
    });
    // The gateway answers this 422 before asking; over NATS it is a payload that breaks the contract.
    expect(error).toMatchObject({ statusCode: 400, details: { errors: { password: expect.any(Array) } } });
  });

  it('answers alike for an unknown address', async () => {
    const reply = await nats.expectOk<AccountMessage>(users.requestPasswordReset, {
      email: 'no-such-user@example.com',
    });
    expect(reply).toEqual({ message: AccountMessages.resetSent });
  });
});

describe('campaign mails', () => {
  let gm: Person;
  let campaign: CampaignView;

  beforeAll(async () => {
    gm = await register('gm');
    campaign = await nats.expectOk<CampaignView>(
      Subjects.campaign.campaigns.create,
      { campaign: { name: 'Hong Kong Nights' } },
      { actor: gm.actor },
    );
    await nats.expectOk(Subjects.campaign.campaigns.setCurrent, { id: campaign.id }, { actor: gm.actor });
  });

  it('mails an email invitation with its redeem link, again on resend, and "joined" on redeem', async () => {
    const invitee = await register('invitee', false);
    const invitation = await nats.expectOk<InvitationView>(
      invitations.create,
      { email: invitee.email },
      { actor: gm.actor },
    );
    const subject = 'Fngm Tester invited you to join Hong Kong Nights';
    const [mail] = await catcher.mailsTo(invitee.email, subject);
    expect(linkIn(mail, `${TEST_APP_URL}/redeem/`)).toBe(`${TEST_APP_URL}/redeem/${invitation.id}`);

    await nats.expectOk(invitations.resend, { id: invitation.id }, { actor: gm.actor });
    await catcher.mailsTo(invitee.email, subject, 2);

    await nats.expectOk(invitations.redeem, { id: invitation.id }, { actor: invitee.actor });
    const [joined] = await catcher.mailsTo(invitee.email, 'You joined Hong Kong Nights');
    expect(joined.to).toEqual([invitee.email]);
  });

  it('mails a player the gamemaster adds, and removes', async () => {
    const player = await register('player', false);
    await nats.expectOk(
      memberships.add,
      { campaign_id: campaign.id, user_id: player.actor.id },
      { actor: gm.actor },
    );
    await catcher.mailsTo(player.email, 'You joined Hong Kong Nights');
    await nats.expectOk(
      memberships.remove,
      { campaign_id: campaign.id, user_id: player.actor.id },
      { actor: gm.actor },
    );
    const [removed] = await catcher.mailsTo(player.email, 'You were removed from Hong Kong Nights');
    expect(removed.to).toEqual([player.email]);
  });

  it('mails the players a new player list adds and removes, and announces the end of the removed membership', async () => {
    const first = await register('listed', false);
    const second = await register('listed', false);
    const ended: unknown[] = [];
    const endings = nats.connection.subscribe(
      natsSubject(Subjects.campaign.events.membershipEnded, env.subjectPrefix),
      { callback: (_error, message) => void ended.push(message.json()) },
    );
    await nats.connection.flush();
    try {
      const listed = await nats.expectOk<CampaignView>(
        Subjects.campaign.campaigns.create,
        { campaign: { name: 'Listed Table', user_ids: [first.actor.id] } },
        { actor: gm.actor },
      );
      await catcher.mailsTo(first.email, 'You joined Listed Table');

      await nats.expectOk(
        Subjects.campaign.campaigns.update,
        { id: listed.id, campaign: { user_ids: [second.actor.id] } },
        { actor: gm.actor },
      );
      await catcher.mailsTo(second.email, 'You joined Listed Table');
      await catcher.mailsTo(first.email, 'You were removed from Listed Table');
      await eventually(() => expect(ended).toEqual([{ campaign_id: listed.id, user_id: first.actor.id }]));
      expect(catcher.allTo(second.email).filter((mail) => mail.subject.includes('removed'))).toEqual([]);
    } finally {
      endings.unsubscribe();
    }
  });

  it('registers through an invitation with welcome, confirmation and joined mails', async () => {
    const email = newAddress('fresh');
    const invitation = await nats.expectOk<InvitationView>(
      invitations.create,
      { email },
      { actor: gm.actor },
    );
    await nats.expectOk(invitations.register, {
      id: invitation.id,
      first_name: 'Fresh',
      last_name: 'Face',
      password: PASSWORD,
    });
    await catcher.mailsTo(email, 'Welcome to Shotcaller');
    const [confirmation] = await catcher.mailsTo(email, 'Confirm your email address');
    await catcher.mailsTo(email, 'You joined Hong Kong Nights');
    await nats.expectOk(users.confirmEmail, {
      confirmation_token: tokenIn(confirmation, confirmationPrefix),
    });
    expect((await userRow(email)).confirmed_at).toBeInstanceOf(Date);
  });
});

describe('with the jobs service down', () => {
  let gm: Person;
  let player: Person;
  let campaign: CampaignView;

  beforeAll(async () => {
    gm = await register('downgm');
    player = await register('downplayer', false);
    campaign = await nats.expectOk<CampaignView>(
      Subjects.campaign.campaigns.create,
      { campaign: { name: 'Outage' } },
      { actor: gm.actor },
    );
    await nats.expectOk(Subjects.campaign.campaigns.setCurrent, { id: campaign.id }, { actor: gm.actor });
    await jobsApp?.close();
    jobsApp = undefined;
  });

  const unavailable = { statusCode: 503, code: 'service_unavailable' };

  it('refuses a registration and makes no account', async () => {
    const email = newAddress('lost');
    const error = await nats.expectError(users.register, {
      email,
      password: PASSWORD,
      first_name: 'Lost',
      last_name: 'Mail',
    });
    expect(error).toMatchObject(unavailable);
    expect(await count('from users where email = $1', [email])).toBe(0);
  });

  it('refuses an email invitation and stores none', async () => {
    const before = await count('from invitations where campaign_id = $1', [campaign.id]);
    const error = await nats.expectError(invitations.create, { email: 'x@example.com' }, { actor: gm.actor });
    expect(error).toMatchObject(unavailable);
    expect(await count('from invitations where campaign_id = $1', [campaign.id])).toBe(before);
  });

  it('refuses to add a player and adds nobody', async () => {
    const error = await nats.expectError(
      memberships.add,
      { campaign_id: campaign.id, user_id: player.actor.id },
      { actor: gm.actor },
    );
    expect(error).toMatchObject(unavailable);
    expect(await count('from campaign_memberships where campaign_id = $1', [campaign.id])).toBe(0);
  });

  it('refuses a reset or confirmation request and issues no token', async () => {
    const before = await userRow(player.email);
    expect(await nats.expectError(users.requestPasswordReset, { email: player.email })).toMatchObject(
      unavailable,
    );
    expect(await nats.expectError(users.resendConfirmation, { email: player.email })).toMatchObject(
      unavailable,
    );
    const after = await userRow(player.email);
    expect(after.reset_password_token_digest).toBe(before.reset_password_token_digest);
    expect(after.confirmation_token_digest).toBe(before.confirmation_token_digest);
    expect(after.confirmation_sent_at).toEqual(before.confirmation_sent_at);
  });

  it('still confirms with a token already mailed (confirming mails nothing)', async () => {
    const mails = await catcher.mailsTo(player.email, 'Confirm your email address');
    await nats.expectOk(users.confirmEmail, { confirmation_token: tokenIn(mails[0], confirmationPrefix) });
  });
});
