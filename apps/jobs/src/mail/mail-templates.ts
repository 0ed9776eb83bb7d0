import type {
  CampaignInvitationMailData,
  CampaignJoinedMailData,
  CampaignRemovedMailData,
  EmailConfirmationMailData,
  MailJobData,
  MailJobName,
  PasswordResetMailData,
  WelcomeMailData,
} from '@shotcaller/contracts';
import { html, type SafeHtml } from './mail-html.js';
import { confirmationLink, homeLink, invitationLink, passwordResetLink } from './mail-links.js';

/** The product name mails are signed with. */
export const PRODUCT_NAME = 'Shotcaller';

/** What every mail template renders: a subject line and the same message as HTML and as plain text. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** What templates need to know about the deployment. */
export interface MailSite {
  /** The public app URL that links start with. */
  appUrl: string;
}

type MailTemplate<TData> = (data: TData, site: MailSite) => RenderedMail;

const COLORS = { text: '#222222', muted: '#666666', accent: '#b71c1c', background: '#f4f4f4' } as const;

/** A whole HTML document around a message's body, with inline styles (mail clients drop style sheets). */
function page(title: string, body: SafeHtml, site: MailSite): string {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body
        style="margin:0;padding:24px;background:${COLORS.background};font-family:Arial,Helvetica,sans-serif;color:${COLORS.text};line-height:1.5"
      >
        <div style="max-width:560px;margin:0 auto;background:#ffffff;padding:32px;border-radius:6px">
          ${body}
          <p style="margin-top:32px;font-size:13px;color:${COLORS.muted}">
            ${PRODUCT_NAME} ·
            <a href="${homeLink(site.appUrl)}" style="color:${COLORS.muted}">${homeLink(site.appUrl)}</a>
          </p>
        </div>
      </body>
    </html> `.value;
}

function paragraph(content: SafeHtml | string): SafeHtml {
  return html`<p style="margin:0 0 16px">${content}</p>`;
}

/** A link styled as a button, with the address written out under it for clients that hide buttons. */
function button(href: string, label: string): SafeHtml {
  return html`<p style="margin:24px 0">
      <a
        href="${href}"
        style="display:inline-block;background:${COLORS.accent};color:#ffffff;padding:12px 24px;border-radius:4px;text-decoration:none;font-weight:bold"
        >${label}</a
      >
    </p>
    <p style="margin:0 0 16px;font-size:13px;color:${COLORS.muted}">
      Or open this link: <a href="${href}" style="color:${COLORS.muted};word-break:break-all">${href}</a>
    </p>`;
}

/** Plain-text body: paragraphs separated by a blank line, and the signature. */
function textBody(paragraphs: string[], site: MailSite): string {
  return [...paragraphs, `${PRODUCT_NAME}\n${homeLink(site.appUrl)}`].join('\n\n') + '\n';
}

const welcome: MailTemplate<WelcomeMailData> = (data, site) => {
  const subject = `Welcome to ${PRODUCT_NAME}`;
  const home = homeLink(site.appUrl);
  return {
    subject,
    html: page(
      subject,
      html`${paragraph(html`Hello ${data.first_name},`)}
      ${paragraph(`Welcome to ${PRODUCT_NAME}, the shot counter for your Feng Shui 2 campaigns. Start a campaign of your own, or join one with an invitation from your gamemaster.`)}
      ${button(home, `Open ${PRODUCT_NAME}`)}`,
      site,
    ),
    text: textBody(
      [
        `Hello ${data.first_name},`,
        `Welcome to ${PRODUCT_NAME}, the shot counter for your Feng Shui 2 campaigns. Start a campaign of your own, or join one with an invitation from your gamemaster.`,
        `Open ${PRODUCT_NAME}: ${home}`,
      ],
      site,
    ),
  };
};

const emailConfirmation: MailTemplate<EmailConfirmationMailData> = (data, site) => {
  const subject = 'Confirm your email address';
  const link = confirmationLink(site.appUrl, data.confirmation_token);
  return {
    subject,
    html: page(
      subject,
      html`${paragraph(html`Hello ${data.first_name},`)}
      ${paragraph(`Please confirm that this is your email address for your ${PRODUCT_NAME} account.`)}
      ${button(link, 'Confirm my email address')}
      ${paragraph('The link works once and expires. If you did not create an account, you can ignore this mail.')}`,
      site,
    ),
    text: textBody(
      [
        `Hello ${data.first_name},`,
        `Please confirm that this is your email address for your ${PRODUCT_NAME} account by opening this link:`,
        link,
        'The link works once and expires. If you did not create an account, you can ignore this mail.',
      ],
      site,
    ),
  };
};

const passwordReset: MailTemplate<PasswordResetMailData> = (data, site) => {
  const subject = 'Reset your password';
  const link = passwordResetLink(site.appUrl, data.reset_password_token);
  const notYou =
    'If you did not ask for this, ignore this mail: your password stays as it is. Setting a new password signs you out everywhere else.';
  return {
    subject,
    html: page(
      subject,
      html`${paragraph(html`Hello ${data.first_name},`)}
      ${paragraph(`Someone asked to reset the password of your ${PRODUCT_NAME} account. To choose a new password, follow this link; it works once and expires.`)}
      ${button(link, 'Choose a new password')} ${paragraph(notYou)}`,
      site,
    ),
    text: textBody(
      [
        `Hello ${data.first_name},`,
        `Someone asked to reset the password of your ${PRODUCT_NAME} account. To choose a new password, open this link; it works once and expires:`,
        link,
        notYou,
      ],
      site,
    ),
  };
};

const campaignInvitation: MailTemplate<CampaignInvitationMailData> = (data, site) => {
  const subject = `${data.inviter_name} invited you to join ${data.campaign_name}`;
  const link = invitationLink(site.appUrl, data.invitation_id);
  return {
    subject,
    html: page(
      subject,
      html`${paragraph('Hello,')}
      ${paragraph(html`<strong>${data.inviter_name}</strong> invited you to join the campaign <strong>${data.campaign_name}</strong> on ${PRODUCT_NAME}.`)}
      ${button(link, 'Accept the invitation')}
      ${paragraph(`Sign in, or create an account with this address, to join. If you do not want to join, you can ignore this mail.`)}`,
      site,
    ),
    text: textBody(
      [
        'Hello,',
        `${data.inviter_name} invited you to join the campaign "${data.campaign_name}" on ${PRODUCT_NAME}.`,
        `Accept the invitation: ${link}`,
        'Sign in, or create an account with this address, to join. If you do not want to join, you can ignore this mail.',
      ],
      site,
    ),
  };
};

const campaignJoined: MailTemplate<CampaignJoinedMailData> = (data, site) => {
  const subject = `You joined ${data.campaign_name}`;
  const home = homeLink(site.appUrl);
  return {
    subject,
    html: page(
      subject,
      html`${paragraph(html`Hello ${data.first_name},`)}
      ${paragraph(html`You are now a player in the campaign <strong>${data.campaign_name}</strong>. Make it your current campaign to create characters and join its fights.`)}
      ${button(home, `Open ${PRODUCT_NAME}`)}`,
      site,
    ),
    text: textBody(
      [
        `Hello ${data.first_name},`,
        `You are now a player in the campaign "${data.campaign_name}". Make it your current campaign to create characters and join its fights.`,
        `Open ${PRODUCT_NAME}: ${home}`,
      ],
      site,
    ),
  };
};

const campaignRemoved: MailTemplate<CampaignRemovedMailData> = (data, site) => {
  const subject = `You were removed from ${data.campaign_name}`;
  const ask = 'If you think this is a mistake, ask the gamemaster to invite you again.';
  return {
    subject,
    html: page(
      subject,
      html`${paragraph(html`Hello ${data.first_name},`)}
      ${paragraph(html`The gamemaster removed you from the campaign <strong>${data.campaign_name}</strong>. Your account and your other campaigns are unchanged.`)}
      ${paragraph(ask)}`,
      site,
    ),
    text: textBody(
      [
        `Hello ${data.first_name},`,
        `The gamemaster removed you from the campaign "${data.campaign_name}". Your account and your other campaigns are unchanged.`,
        ask,
      ],
      site,
    ),
  };
};

/** Every mail job's template, by job name. */
export const MailTemplates: { [Name in MailJobName]: MailTemplate<MailJobData[Name]> } = {
  welcome,
  email_confirmation: emailConfirmation,
  password_reset: passwordReset,
  campaign_invitation: campaignInvitation,
  campaign_joined: campaignJoined,
  campaign_removed: campaignRemoved,
};

/** Renders a mail job's message. The subject is kept to one line whatever the data held. */
export function renderMail<Name extends MailJobName>(
  name: Name,
  data: MailJobData[Name],
  site: MailSite,
): RenderedMail {
  const template = MailTemplates[name] as MailTemplate<MailJobData[Name]>;
  const mail = template(data, site);
  return { ...mail, subject: mail.subject.replace(/[\r\n]+/g, ' ').trim() };
}
