import { MailJobNames } from '@shotcaller/contracts';
import type { Caller } from '@shotcaller/messaging';
import { MailJobIds } from './account-tokens.rules.js';
import type { MailJobs } from './mail-jobs.js';

/**
 * The mails the campaign service sends, each queued as the last step of the transaction that writes what it is
 * about: a refused enqueue throws, the transaction rolls back, and the request fails with nothing written. The
 * other order is the one gap: should the commit fail after a successful enqueue, a mail goes out about a row that
 * does not exist (an account, an invitation, a membership). That is accepted: such a mail carries no secret
 * beyond its own token, which matches no stored digest and so opens nothing.
 */

/** Whom a mail greets: an account's address and first name. */
export interface MailUser {
  id: string;
  email: string;
  firstName: string;
}

/** A new account: the welcome mail and the confirmation link (issued with the account). */
export async function mailNewAccount(
  mail: MailJobs,
  user: MailUser,
  confirmationToken: string,
  sentAt: Date,
): Promise<void> {
  await mail.send(
    MailJobNames.welcome,
    { to: user.email, first_name: user.firstName },
    MailJobIds.welcome(user.id),
  );
  await mailConfirmation(mail, user, confirmationToken, sentAt);
}

/** The confirmation link, for the token issued at `sentAt`. */
export async function mailConfirmation(
  mail: MailJobs,
  user: MailUser,
  confirmationToken: string,
  sentAt: Date,
): Promise<void> {
  await mail.send(
    MailJobNames.emailConfirmation,
    { to: user.email, first_name: user.firstName, confirmation_token: confirmationToken },
    MailJobIds.emailConfirmation(user.id, sentAt),
  );
}

/** The password reset link, for the token issued at `sentAt`. */
export async function mailPasswordReset(
  mail: MailJobs,
  user: MailUser,
  resetToken: string,
  sentAt: Date,
): Promise<void> {
  await mail.send(
    MailJobNames.passwordReset,
    { to: user.email, first_name: user.firstName, reset_password_token: resetToken },
    MailJobIds.passwordReset(user.id, sentAt),
  );
}

/** An email invitation, as made or resent at `sentAt` (its `updated_at`). */
export async function mailInvitation(
  mail: MailJobs,
  invitation: { id: string; email: string; inviterName: string; campaignName: string },
  sentAt: Date,
  caller?: Caller,
): Promise<void> {
  await mail.send(
    MailJobNames.campaignInvitation,
    {
      to: invitation.email,
      invitation_id: invitation.id,
      inviter_name: invitation.inviterName,
      campaign_name: invitation.campaignName,
    },
    MailJobIds.campaignInvitation(invitation.id, sentAt),
    caller,
  );
}

/** A user became a player of a campaign at `at`. */
export async function mailJoined(
  mail: MailJobs,
  user: MailUser,
  campaign: { id: string; name: string },
  at: Date,
  caller?: Caller,
): Promise<void> {
  await mail.send(
    MailJobNames.campaignJoined,
    { to: user.email, first_name: user.firstName, campaign_name: campaign.name },
    MailJobIds.campaignJoined(campaign.id, user.id, at),
    caller,
  );
}

/** The gamemaster removed a player from a campaign at `at`. */
export async function mailRemoved(
  mail: MailJobs,
  user: MailUser,
  campaign: { id: string; name: string },
  at: Date,
  caller?: Caller,
): Promise<void> {
  await mail.send(
    MailJobNames.campaignRemoved,
    { to: user.email, first_name: user.firstName, campaign_name: campaign.name },
    MailJobIds.campaignRemoved(campaign.id, user.id, at),
    caller,
  );
}
