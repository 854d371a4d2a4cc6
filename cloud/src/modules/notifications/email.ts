/** Email over SMTP with nodemailer: a text and an HTML part, UTF-8 subject, our Message-ID. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryChannel, OutgoingMessage, SendResult } from './channel.js';
import { PermanentDeliveryError } from './channel.js';

export interface EmailConfig {
  /** smtp://host:port or smtps://user:pass@host:port */
  readonly smtpUrl: string;
  readonly from: string;
}

export function emailChannel(config: EmailConfig): DeliveryChannel {
  const transport: Transporter = nodemailer.createTransport(config.smtpUrl);
  return {
    name: 'email',
    async send(message: OutgoingMessage): Promise<SendResult> {
      try {
        const info = (await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.rendered.subject,
          text: message.rendered.text,
          html: message.rendered.html,
          ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
          ...(message.attachments === undefined ? {} : { attachments: message.attachments.map((a) => ({ ...a })) }),
          // The same delivery sent twice (a crash between send and record) carries the same id.
          messageId: `<${message.deliveryId}@ismail.notifications>`,
        })) as { messageId?: string; rejected?: unknown[] };
        if (Array.isArray(info.rejected) && info.rejected.length > 0)
          throw new PermanentDeliveryError('the mail server refused the recipient');
        return { provider: 'smtp', providerMessageId: info.messageId ?? null, status: 'sent' };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx: the server will never take it (unknown mailbox, message refused).
        if (typeof code === 'number' && code >= 500 && code < 600)
          throw new PermanentDeliveryError(`SMTP ${String(code)}`);
        throw error;
      }
    },
    async close() {
      transport.close();
    },
  };
}
