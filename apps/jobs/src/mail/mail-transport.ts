import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import { MAIL_SETTINGS, type MailSettings } from './mail-settings.js';
import type { RenderedMail } from './mail-templates.js';
import { smtpErrorFacts } from './smtp-failure.rules.js';
import { smtpTransportOptions } from './smtp-settings.js';

/** One message to one address. */
export interface OutgoingMail extends RenderedMail {
  to: string;
}

/** The SMTP connection pool mail goes out through (SMTP_URL, from MAIL_FROM); closed on shutdown. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter<SMTPPoolSentMessageInfo>;

  constructor(@Inject(MAIL_SETTINGS) settings: MailSettings) {
    this.transporter = createTransport(smtpTransportOptions(settings.SMTP_URL), {
      from: settings.MAIL_FROM,
    });
    // An unheard 'error' event would end the process; its message may quote an address, so only the code.
    this.transporter.on('error', (error) => {
      this.logger.error(`SMTP transport error (${smtpErrorFacts(error).code ?? 'no code'})`);
    });
  }

  /** Sends a message; answers its Message-ID once the server accepted it, or throws nodemailer's error. */
  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transporter.sendMail({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
    return info.messageId;
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
