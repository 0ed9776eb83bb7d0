import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { toFieldErrors } from '../validation.js';
import { MailJobDataShapes, MAIL_JOB_NAMES, MailJobNames } from './mail.jobs.js';

/** Field errors of a job's data, as `jobs.enqueue` would check it (unknown fields refused). */
function problems(dto: new () => object, data: object) {
  const errors = validateSync(plainToInstance(dto, data), { whitelist: true, forbidNonWhitelisted: true });
  return toFieldErrors(errors);
}

const valid = {
  welcome: { to: 'player@example.com', first_name: 'Johnny' },
  email_confirmation: { to: 'player@example.com', first_name: 'Johnny', confirmation_token: 'abc-DEF_123' },
  password_reset: { to: 'player@example.com', first_name: 'Johnny', reset_password_token: 'r3set+token/=' },
  campaign_invitation: {
    to: 'player@example.com',
    invitation_id: '6f1c1d7e-59f1-4c3e-9c8b-1f0d0f3b6a11',
    inviter_name: 'Jenny Wong',
    campaign_name: 'Hong Kong Nights',
  },
  campaign_joined: { to: 'player@example.com', first_name: 'Johnny', campaign_name: 'Hong Kong Nights' },
  campaign_removed: { to: 'player@example.com', first_name: 'Johnny', campaign_name: 'Hong Kong Nights' },
};

describe('mail job data', () => {
  it('has a data shape for every job name, and lower_snake_case names', () => {
    expect(Object.keys(MailJobDataShapes).sort()).toEqual([...MAIL_JOB_NAMES].sort());
    expect(MAIL_JOB_NAMES).toContain(MailJobNames.campaignInvitation);
    for (const name of MAIL_JOB_NAMES) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(MAIL_JOB_NAMES)('accepts valid %s data', (name) => {
    expect(problems(MailJobDataShapes[name], valid[name])).toEqual({});
  });

  it.each(MAIL_JOB_NAMES)('requires every field of %s', (name) => {
    for (const field of Object.keys(valid[name])) {
      const data: Record<string, unknown> = { ...valid[name] };
      delete data[field];
      expect(Object.keys(problems(MailJobDataShapes[name], data))).toEqual([field]);
    }
  });

  it('refuses an address that is not one, or too long', () => {
    expect(problems(MailJobDataShapes.welcome, { ...valid.welcome, to: 'nobody' })).toHaveProperty('to');
    const long = `${'a'.repeat(250)}@example.com`;
    expect(problems(MailJobDataShapes.welcome, { ...valid.welcome, to: long })).toHaveProperty('to');
  });

  it('refuses names with line breaks, NUL or an unpaired surrogate, and over-long names', () => {
    for (const first_name of [
      'Jo\nhnny',
      'Jo\r\nBcc: x@example.com',
      'Jo\u0000',
      'Jo\ud800',
      'x'.repeat(51),
      '',
    ]) {
      expect(problems(MailJobDataShapes.welcome, { ...valid.welcome, first_name })).toHaveProperty(
        'first_name',
      );
    }
    const campaign = { ...valid.campaign_joined, campaign_name: 'Night\u0000' };
    expect(problems(MailJobDataShapes.campaign_joined, campaign)).toHaveProperty('campaign_name');
    const inviter = { ...valid.campaign_invitation, inviter_name: 'x'.repeat(102) };
    expect(problems(MailJobDataShapes.campaign_invitation, inviter)).toHaveProperty('inviter_name');
  });

  it('accepts names with accents, emoji and markup (the templates escape them)', () => {
    const first_name = 'Zoë 🐉 <b>';
    expect(problems(MailJobDataShapes.welcome, { ...valid.welcome, first_name })).toEqual({});
  });

  it('refuses tokens with spaces or non-ASCII, and over 256 characters', () => {
    for (const confirmation_token of ['has space', 'ünïcode', 'x'.repeat(257), '']) {
      const data = { ...valid.email_confirmation, confirmation_token };
      expect(problems(MailJobDataShapes.email_confirmation, data)).toHaveProperty('confirmation_token');
    }
  });

  it('refuses an invitation id that is not a UUID, and fields a job does not take', () => {
    const bad = { ...valid.campaign_invitation, invitation_id: '../admin' };
    expect(problems(MailJobDataShapes.campaign_invitation, bad)).toHaveProperty('invitation_id');
    const extra = { ...valid.welcome, bcc: 'someone@example.com' };
    expect(problems(MailJobDataShapes.welcome, extra)).toHaveProperty('bcc');
  });
});
