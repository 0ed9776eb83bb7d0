/**
 * Links in mails, from the client's public URL (APP_URL): the client's pages, which call the API for the user
 * (as the Rails mailers linked them). Tokens and ids are URL-encoded, whatever they hold.
 */

/** APP_URL without a trailing slash, query or fragment (and without credentials, should it carry any). */
export function appBase(appUrl: string): string {
  const url = new URL(appUrl.trim());
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** The app's front page. */
export function homeLink(appUrl: string): string {
  return `${appBase(appUrl)}/`;
}

/** The client's page that confirms the address (it calls `GET /users/confirmation?confirmation_token=`). */
export function confirmationLink(appUrl: string, token: string): string {
  return `${appBase(appUrl)}/confirm?confirmation_token=${encodeURIComponent(token)}`;
}

/** The client's page that sets a new password with the emailed token. */
export function passwordResetLink(appUrl: string, token: string): string {
  return `${appBase(appUrl)}/reset-password/${encodeURIComponent(token)}`;
}

/** The client's page that redeems an invitation (`/redeem/<id>`, as the Rails mailer linked it). */
export function invitationLink(appUrl: string, invitationId: string): string {
  return `${appBase(appUrl)}/redeem/${encodeURIComponent(invitationId)}`;
}
