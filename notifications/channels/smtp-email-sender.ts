/**
 * Email through SMTP with nodemailer. The Message-ID is derived from the idempotency key, so a
 * message sent twice (a crash between the SMTP reply and recording it) carries the same Message-ID
 * and mail systems and people can see it is one message.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config/app-config';
import { NotificationError } from '../notification-error';
import { checkEmailAddress } from './recipient-address';
import { NOTIFICATION_ID_HEADER, type EmailSender, type OutgoingEmail, type SentEmail } from './email-sender';

export interface SmtpEmailSenderOptions {
  readonly smtp: SmtpConfig;
  /** "Name <address>" or an address: AppConfig.mailFrom. */
  readonly from: string;
  /** Milliseconds; defaults keep a stuck server from outliving the activity's start-to-close timeout. */
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
  /**
   * Cap on one whole send (default 45 s). Keep it below the outbox lease (60 s by default) so an
   * attempt never still talks to the server when the next one takes the message over.
   */
  readonly sendTimeoutMs?: number;
}

/** `<civicflow.<sha256(key)>@<from domain>>`: stable for a key, valid whatever characters the key has. */
export function notificationMessageId(idempotencyKey: string, from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  const domain = address.slice(address.lastIndexOf('@') + 1) || 'civicflow.localhost';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
  return `<civicflow.${digest}@${domain}>`;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
  message?: string;
}

function asSmtpFailure(error: unknown): SmtpFailure {
  return error !== null && typeof error === 'object' ? error : { message: String(error) };
}

/**
 * Maps a nodemailer error to our typed error. A 5xx reply refusing the message or recipient is
 * permanent; everything else (4xx, timeouts, refused connections) may pass on a later attempt.
 * Authentication failures count as transient: the message is fine, the deployment is wrong, and
 * fixing the password should let the queued messages go out rather than lose them.
 */
export function classifySmtpError(error: unknown): NotificationError {
  const failure = asSmtpFailure(error);
  const detail = failure.message ?? 'SMTP error';
  const details: Record<string, string | number> = {};
  if (failure.code !== undefined) details.smtpCode = failure.code;
  if (failure.responseCode !== undefined) details.responseCode = failure.responseCode;
  const authProblem = failure.code === 'EAUTH' || failure.code === 'ENOAUTH';
  const permanent =
    !authProblem &&
    (failure.permanent === true ||
      (failure.permanent === undefined &&
        failure.responseCode !== undefined &&
        failure.responseCode >= 500 &&
        failure.responseCode !== 503));
  return new NotificationError(
    permanent ? 'DELIVERY_REJECTED' : 'DELIVERY_UNAVAILABLE',
    `email not sent: ${detail}`,
    details,
    { cause: error },
  );
}

export function createSmtpEmailSender(options: SmtpEmailSenderOptions): EmailSender {
  const { smtp } = options;
  const sendTimeoutMs = options.sendTimeoutMs ?? 45_000;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user !== undefined ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  });
  return {
    async send(email: OutgoingEmail): Promise<SentEmail> {
      const to = checkEmailAddress(email.to);
      const messageId = notificationMessageId(email.notificationId, options.from);
      try {
        const info = await transport.sendMail({
          from: options.from,
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          headers: { [NOTIFICATION_ID_HEADER]: email.notificationId },
          ...(email.thread ? { inReplyTo: email.thread.inReplyTo, references: [...email.thread.references] } : {}),
          signal: email.signal
            ? AbortSignal.any([email.signal, AbortSignal.timeout(sendTimeoutMs)])
            : AbortSignal.timeout(sendTimeoutMs),
        });
        if (info.rejected.length > 0) {
          throw new NotificationError('DELIVERY_REJECTED', `email not sent: the server refused ${to}`, {
            recipient: to,
          });
        }
        return { messageId: info.messageId || messageId, response: info.response };
      } catch (error) {
        if (error instanceof NotificationError) throw error;
        throw classifySmtpError(error);
      }
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}
