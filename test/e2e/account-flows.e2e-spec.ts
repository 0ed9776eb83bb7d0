import { AccountMessages } from '@shotcaller/contracts';
import { eventually } from '@shotcaller/testing';
import {
  linkIn,
  TEST_APP_URL,
  type CaughtMail,
  type MailCatcher,
} from '../../apps/campaign/test/support/mail-catcher.js';
import { signIn, Stack, type Account } from './support/stack.js';

/**
 * Email confirmation and password reset as a client goes through them: the gateway, the campaign service and the
 * real jobs service mailing through a real SMTP server (both started by the stack), with sign-in requiring a
 * confirmed address.
 */

let stack: Stack;
/** The SMTP server the stack's jobs service mails to. */
let catcher: MailCatcher;
let account: Account;

const confirmationPrefix = `${TEST_APP_URL}/confirm?confirmation_token=`;
const resetPrefix = `${TEST_APP_URL}/reset-password/`;

/** The token a mail's link carries after `prefix`, as the client's page reads it from the URL. */
function tokenIn(mail: CaughtMail, prefix: string): string {
  return decodeURIComponent(linkIn(mail, prefix).slice(prefix.length));
}

let addresses = 0;
/** Each request from its own client address, so only the per-account limits are in play. */
const from = () => `10.77.${Math.floor(++addresses / 250)}.${addresses % 250}`;

const signInAs = (email: string, password: string) =>
  stack.http().post('/users/sign_in').set('X-Forwarded-For', from()).send({ user: { email, password } });

const current = (token: string) => stack.http().get('/api/v2/users/current').auth(token, { type: 'bearer' });

beforeAll(async () => {
  stack = await Stack.start('e2e-account-flows', {
    gateway: { TRUST_PROXY: 'true', RATE_LIMIT_REGISTER_PER_MINUTE: '20' },
    campaign: { REQUIRE_CONFIRMED_EMAIL: 'true' },
  });
  catcher = stack.mailing.catcher;
  const email = `flows-${stack.env.id}@example.com`.toLowerCase();
  const password = 'secret123';
  const registered = await stack
    .http()
    .post('/api/v2/users/register')
    .set('X-Forwarded-For', from())
    .send({ user: { email, password, first_name: 'Flo', last_name: 'Ws' } });
  expect(registered.status).toBe(201);
  // Sign-in needs a confirmed address, so registering does not sign in either.
  expect(registered.headers.authorization).toBeUndefined();
  expect(registered.body).toMatchObject({
    code: 201,
    message: AccountMessages.signedUpUnconfirmed,
    data: { email },
    payload: null,
    requires_confirmation: true,
  });
  account = { email, password, id: registered.body.data.id, token: '' };
});

afterAll(async () => {
  await stack?.stop();
});

describe('email confirmation', () => {
  it('refuses to sign in an unconfirmed account', async () => {
    const refused = await signInAs(account.email, account.password);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ message: AccountMessages.unconfirmed });
    expect(refused.headers.authorization).toBeUndefined();
  });

  it('confirms through the link in the mail, once; then sign-in works', async () => {
    const [mail] = await catcher.mailsTo(account.email, 'Confirm your email address');
    const token = tokenIn(mail, confirmationPrefix);

    const confirmed = await stack.http().get('/users/confirmation').query({ confirmation_token: token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      message: AccountMessages.confirmed,
      data: { id: account.id, email: account.email },
    });
    const { rows } = await stack.db.query('select confirmed_at from users where id = $1', [account.id]);
    expect(rows[0].confirmed_at).toBeInstanceOf(Date);

    expect((await signInAs(account.email, account.password)).status).toBe(200);

    const again = await stack.http().get('/users/confirmation').query({ confirmation_token: token });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ errors: { confirmation_token: ['is invalid'] } });
  });

  it('joins through an invitation without signing in until the new address is confirmed', async () => {
    const token = await signIn(stack, account, from());
    const as = { type: 'bearer' } as const;
    const created = await stack
      .http()
      .post('/api/v2/campaigns')
      .auth(token, as)
      .send({ campaign: { name: 'Confirmed Table' } });
    expect(created.status).toBe(201);
    expect(
      (await stack.http().post('/api/v2/campaigns/current').auth(token, as).send({ id: created.body.id }))
        .status,
    ).toBe(200);
    const invitation = await stack
      .http()
      .post('/api/v2/invitations')
      .auth(token, as)
      .send({ invitation: { maximum_count: 3 } });
    expect(invitation.status).toBe(201);

    const email = `invited-${stack.env.id}@example.com`.toLowerCase();
    const joined = await stack
      .http()
      .post(`/api/v2/invitations/${invitation.body.id}/register`)
      .set('X-Forwarded-For', from())
      .send({ email, first_name: 'In', last_name: 'Vited', password: 'secret123' });
    expect(joined.status).toBe(201);
    expect(joined.headers.authorization).toBeUndefined();
    expect(joined.body).toMatchObject({
      requires_confirmation: true,
      payload: null,
      data: { email },
      campaign: { id: created.body.id },
    });
    expect(joined.body.message).toContain(AccountMessages.signedUpUnconfirmed);
    const refused = await signInAs(email, 'secret123');
    expect(refused.status).toBe(401);
    await catcher.mailsTo(email, 'Confirm your email address');
  });

  it('refuses a missing token as a field error', async () => {
    const missing = await stack.http().get('/users/confirmation');
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toHaveProperty('confirmation_token');
  });

  it('answers a resend alike whether or not the address has an account', async () => {
    const known = await stack
      .http()
      .post('/users/confirmation')
      .set('X-Forwarded-For', from())
      .send({ user: { email: account.email } });
    const unknown = await stack
      .http()
      .post('/users/confirmation')
      .set('X-Forwarded-For', from())
      .send({ user: { email: `nobody-${stack.env.id}@example.com` } });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.body).toEqual({ message: AccountMessages.confirmationSent });
    expect(unknown.body).toEqual(known.body);
  });
});

describe('password reset', () => {
  it('resets through the mailed token, signs out every session, and the token works once', async () => {
    const phone = await signIn(stack, account, from());
    const laptop = await signIn(stack, account, from());
    expect((await current(laptop)).status).toBe(200);

    const requested = await stack
      .http()
      .post('/users/password')
      .set('X-Forwarded-For', from())
      .send({ user: { email: account.email } });
    expect(requested.status).toBe(200);
    expect(requested.body).toEqual({ message: AccountMessages.resetSent });
    const [mail] = await catcher.mailsTo(account.email, 'Reset your password');
    const token = tokenIn(mail, resetPrefix);

    const reset = await stack
      .http()
      .put('/users/password')
      .send({
        user: { reset_password_token: token, password: 'fresh4321', password_confirmation: 'fresh4321' },
      });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ message: AccountMessages.passwordReset });

    for (const old of [phone, laptop]) {
      await eventually(async () => expect((await current(old)).status).toBe(401));
    }
    expect((await signInAs(account.email, account.password)).status).toBe(401);
    const signedIn = await signInAs(account.email, 'fresh4321');
    expect(signedIn.status).toBe(200);

    const reused = await stack
      .http()
      .put('/users/password')
      .send({ user: { reset_password_token: token, password: 'other98765' } });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ errors: { reset_password_token: ['is invalid'] } });
    expect((await signInAs(account.email, 'fresh4321')).status).toBe(200);
    account.password = 'fresh4321';
  });

  it('takes PATCH as PUT, with the registration password rules', async () => {
    await stack
      .http()
      .post('/users/password')
      .set('X-Forwarded-For', from())
      .send({ user: { email: account.email } })
      .expect(200);
    const mails = await catcher.mailsTo(account.email, 'Reset your password', 2);
    const token = tokenIn(mails[1], resetPrefix);

    const weak = await stack
      .http()
      .patch('/users/password')
      .send({ user: { reset_password_token: token, password: 'lettersonly' } });
    expect(weak.status).toBe(422);
    expect(weak.body.errors).toHaveProperty('password');

    const patched = await stack
      .http()
      .patch('/users/password')
      .send({ user: { reset_password_token: token, password: 'patched777' } });
    expect(patched.status).toBe(200);
    expect((await signInAs(account.email, 'patched777')).status).toBe(200);
  });

  it('answers a reset request alike for an unknown address', async () => {
    const unknown = await stack
      .http()
      .post('/users/password')
      .set('X-Forwarded-For', from())
      .send({ user: { email: `nobody-${stack.env.id}@example.com` } });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ message: AccountMessages.resetSent });
  });
});
