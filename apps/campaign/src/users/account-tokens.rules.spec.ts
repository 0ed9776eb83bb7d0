import { JOB_ID_PATTERN } from '@shotcaller/contracts';
import {
  accountTokenDigest,
  accountTokenErrors,
  checkAccountToken,
  issueAccountToken,
  MailJobIds,
} from './account-tokens.rules.js';

describe('account tokens', () => {
  it('issues 32 random bytes as base64url, with the SHA-256 hex digest that is stored', () => {
    const { token, digest } = issueAccountToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(accountTokenDigest(token));
    expect(issueAccountToken().token).not.toBe(token);
  });

  it('takes a token as valid until its lifetime is over, from when it was issued', () => {
    const sentAt = new Date('2026-12-01T00:00:00Z');
    const lifetime = 3600;
    expect(checkAccountToken({ sentAt }, lifetime, new Date('2026-12-01T00:59:59Z'))).toBe('valid');
    expect(checkAccountToken({ sentAt }, lifetime, new Date('2026-12-01T01:00:00Z'))).toBe('expired');
  });

  it('takes a token that matches nothing (or was used) as invalid', () => {
    expect(checkAccountToken(null, 3600, new Date())).toBe('invalid');
    expect(checkAccountToken({ sentAt: null }, 3600, new Date())).toBe('invalid');
  });

  it("words refusals as Devise does, under the token's field", () => {
    expect(accountTokenErrors('confirmation_token', 'invalid')).toEqual({
      confirmation_token: ['is invalid'],
    });
    expect(accountTokenErrors('reset_password_token', 'expired')).toEqual({
      reset_password_token: ['has expired, please request a new one'],
    });
  });

  it('names mail jobs with ids the jobs service accepts, one per state', () => {
    const id = '0b8f7a3e-6a53-4b8e-9a5e-0e2b7c1d4f10';
    const other = '9e1c2b3a-1111-4222-8333-444455556666';
    const at = new Date('2026-12-01T00:00:00Z');
    const ids = [
      MailJobIds.welcome(id),
      MailJobIds.emailConfirmation(id, at),
      MailJobIds.passwordReset(id, at),
      MailJobIds.campaignInvitation(id, at),
      MailJobIds.campaignJoined(id, other, at),
      MailJobIds.campaignRemoved(id, other, at),
    ];
    for (const jobId of ids) expect(jobId).toMatch(JOB_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
    expect(MailJobIds.campaignInvitation(id, at)).not.toBe(
      MailJobIds.campaignInvitation(id, new Date(at.getTime() + 1)),
    );
  });
});
