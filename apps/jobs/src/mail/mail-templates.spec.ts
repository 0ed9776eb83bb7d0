import { MAIL_JOB_NAMES, type MailJobData, type MailJobName } from '@shotcaller/contracts';
import { escapeHtml, html, SafeHtml } from './mail-html.js';
import { appBase, confirmationLink, invitationLink, passwordResetLink } from './mail-links.js';
import { MailTemplates, renderMail, type MailSite } from './mail-templates.js';

const site: MailSite = { appUrl: 'https://app.example.com' };
const INVITATION_ID = '6f1c1d7e-59f1-4c3e-9c8b-1f0d0f3b6a11';

/** Data for every template, each text field holding markup that must not reach the HTML as markup. */
const hostile: MailJobData = {
  welcome: { to: 'p@example.com', first_name: '<script>alert(1)</script>' },
  email_confirmation: {
    to: 'p@example.com',
    first_name: '<script>alert(1)</script>',
    confirmation_token: 'tok"<en>&=?/',
  },
  password_reset: {
    to: 'p@example.com',
    first_name: '<script>alert(1)</script>',
    reset_password_token: 'tok"<en>&=?/',
  },
  campaign_invitation: {
    to: 'p@example.com',
    invitation_id: INVITATION_ID,
    inviter_name: '<script>alert(1)</script>',
    campaign_name: '<img src=x onerror="alert(2)">',
  },
  campaign_joined: {
    to: 'p@example.com',
    first_name: '<script>alert(1)</script>',
    campaign_name: '<img src=x onerror="alert(2)">',
  },
  campaign_removed: {
    to: 'p@example.com',
    first_name: '<script>alert(1)</script>',
    campaign_name: '<img src=x onerror="alert(2)">',
  },
};

const render = <Name extends MailJobName>(name: Name) => renderMail(name, hostile[name], site);

/** The same data with harmless names. */
const plain = Object.fromEntries(
  MAIL_JOB_NAMES.map((name) => [
    name,
    Object.fromEntries(
      Object.entries(hostile[name]).map(([field, value]: [string, string]) => [
        field,
        field.endsWith('_name') ? 'Hong Kong Nights' : value.replace(/[<>"&]/g, ''),
      ]),
    ),
  ]),
) as unknown as MailJobData;

describe('escapeHtml and the html tag', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes interpolated strings but keeps markup built by the tag', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${'&'}${[inner, inner]}</p>`.value).toBe(
      '<p><b>&lt;i&gt;</b>&amp;<b>&lt;i&gt;</b><b>&lt;i&gt;</b></p>',
    );
    expect(SafeHtml.trusted('<br>').toString()).toBe('<br>');
  });
});

describe('mail links', () => {
  it('start at APP_URL, without its trailing slash, query or credentials', () => {
    expect(appBase('https://app.example.com/')).toBe('https://app.example.com');
    expect(appBase('https://user:pw@app.example.com/shot/?x=1#y')).toBe('https://app.example.com/shot');
  });

  it('carry tokens URL-encoded', () => {
    expect(confirmationLink('http://localhost:3000', 'a b&c=d/é')).toBe(
      'http://localhost:3000/confirm?confirmation_token=a%20b%26c%3Dd%2F%C3%A9',
    );
    expect(passwordResetLink('http://localhost:3000/', 'x+y')).toBe(
      'http://localhost:3000/reset-password/x%2By',
    );
    expect(invitationLink('https://app.example.com', INVITATION_ID)).toBe(
      `https://app.example.com/redeem/${INVITATION_ID}`,
    );
  });
});

describe('mail templates', () => {
  it('cover every mail job', () => {
    expect(Object.keys(MailTemplates).sort()).toEqual([...MAIL_JOB_NAMES].sort());
  });

  it.each(MAIL_JOB_NAMES)('%s has a one-line subject, an HTML document and a text body', (name) => {
    const mail = renderMail(name, plain[name], site);
    expect(mail.subject.length).toBeGreaterThan(0);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('</html>');
    expect(mail.text.length).toBeGreaterThan(0);
    expect(mail.text).not.toMatch(/<[a-z!/]/i);
  });

  it.each(MAIL_JOB_NAMES)('%s escapes every interpolated value in its HTML', (name) => {
    const mail = render(name);
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('onerror="');
    const data: Record<string, string> = Object.fromEntries(Object.entries(hostile[name]));
    for (const field of ['first_name', 'inviter_name', 'campaign_name']) {
      if (data[field]) expect(mail.html).toContain(escapeHtml(data[field]));
    }
  });

  it.each(MAIL_JOB_NAMES)('%s puts the recipient name or campaign in its text body as written', (name) => {
    const mail = render(name);
    const data: Record<string, string> = Object.fromEntries(Object.entries(hostile[name]));
    for (const field of ['first_name', 'inviter_name', 'campaign_name']) {
      if (data[field]) expect(mail.text).toContain(data[field]);
    }
  });

  it('email_confirmation links to the confirmation route with its token, in both bodies', () => {
    const mail = render('email_confirmation');
    const link = 'https://app.example.com/confirm?confirmation_token=tok%22%3Cen%3E%26%3D%3F%2F';
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.subject).toBe('Confirm your email address');
  });

  it('password_reset links to the reset page with its token, in both bodies', () => {
    const mail = render('password_reset');
    const link = 'https://app.example.com/reset-password/tok%22%3Cen%3E%26%3D%3F%2F';
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.subject).toBe('Reset your password');
  });

  it('campaign_invitation links to the redeem page and names the inviter and campaign in its subject', () => {
    const mail = render('campaign_invitation');
    const link = `https://app.example.com/redeem/${INVITATION_ID}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.subject).toBe('<script>alert(1)</script> invited you to join <img src=x onerror="alert(2)">');
  });

  it('campaign_joined and campaign_removed name the campaign in their subjects', () => {
    const data = { to: 'p@example.com', first_name: 'Johnny', campaign_name: 'Hong Kong Nights' };
    expect(renderMail('campaign_joined', data, site).subject).toBe('You joined Hong Kong Nights');
    expect(renderMail('campaign_removed', data, site).subject).toBe('You were removed from Hong Kong Nights');
    expect(renderMail('welcome', data, site).text).toContain('Hello Johnny,');
  });

  it('never puts the address the mail goes to in its body', () => {
    for (const name of MAIL_JOB_NAMES) {
      const mail = render(name);
      expect(mail.html).not.toContain('p@example.com');
      expect(mail.text).not.toContain('p@example.com');
    }
  });
});
