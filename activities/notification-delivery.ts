/**
 * Sends one claimed outbox message and records the outcome. Shared by the deliverNotification
 * activity and by the sweep that drains messages left pending.
 */
import type { Knex } from 'knex';
import type { JsonObject } from '../domain/audit';
import {
  markNotificationFailed,
  markNotificationSent,
  type Notification,
} from '../db/repositories/notifications.repository';
import { isSmsOptedOut } from '../db/repositories/inbound-messages.repository';
import { queueLetter } from '../db/repositories/letters.repository';
import { renderLetterPdf } from '../notifications/channels/letter-pdf';
import type { EmailSender } from '../notifications/channels/email-sender';
import type { SmsProvider } from '../notifications/channels/sms-provider';
import { renderDefinitionTemplate, type DefinitionTemplateSource } from '../notifications/definition-template';
import type { RenderedMessage } from '../notifications/message-blocks';
import { NotificationError } from '../notifications/notification-error';
import { renderNotification, SECRET_VARIABLES } from '../notifications/notification-templates';
import type { AgencyContact } from '../notifications/template-fields';
import { recordUndeliveredNotice } from './notice-incident';

export interface NotificationDeliveryDeps {
  readonly db: Knex;
  /** Absent: email cannot be sent (CHANNEL_NOT_CONFIGURED, permanent). */
  readonly email?: EmailSender;
  /** Absent: SMS cannot be sent (CHANNEL_NOT_CONFIGURED, permanent). */
  readonly sms?: SmsProvider;
  /** Filled into every message's `agency` variable unless the data brings its own. */
  readonly agency: AgencyContact;
  readonly now?: () => Date;
}

/** What the outbox row's payload holds: the template variables and, for authored templates, the text. */
export interface NotificationPayload {
  data: JsonObject;
  definitionTemplate?: { subject?: string; body: string };
  /** Email only: the message this one answers (a staff reply on the resident's thread). */
  thread?: { inReplyTo: string; references: string[] };
}

/** The thread a payload names, when it names one well-formed. */
function threadOf(notification: Notification): { inReplyTo: string; references: string[] } | undefined {
  const thread = notification.payload.thread;
  if (!isObject(thread) || typeof thread.inReplyTo !== 'string' || !Array.isArray(thread.references)) return undefined;
  return {
    inReplyTo: thread.inReplyTo,
    references: thread.references.filter((id): id is string => typeof id === 'string'),
  };
}

export interface DeliveredNotification {
  notificationId: number;
  providerMessageId: string | null;
  attempts: number;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads `{ data, definitionTemplate? }`; a payload without a `data` object is taken as the data
 * itself, so rows queued by simpler producers still render.
 */
function readPayload(notification: Notification): NotificationPayload {
  const payload = notification.payload;
  const { definitionTemplate: authored, ...rest } = payload;
  const data = isObject(payload.data) ? payload.data : rest;
  if (authored === undefined || authored === null) return { data };
  if (
    !isObject(authored) ||
    typeof authored.body !== 'string' ||
    (authored.subject !== undefined && typeof authored.subject !== 'string')
  ) {
    throw new NotificationError(
      'TEMPLATE_DATA_INVALID',
      `outbox message ${notification.idempotencyKey} has a malformed definition template`,
      { template: notification.template },
    );
  }
  return {
    data,
    definitionTemplate: {
      body: authored.body,
      ...(typeof authored.subject === 'string' ? { subject: authored.subject } : {}),
    },
  };
}

/** Renders a stored message: an authored template when the payload carries one, else a platform template. */
export function renderOutboxMessage(notification: Notification, agency: AgencyContact): RenderedMessage {
  const { data, definitionTemplate } = readPayload(notification);
  const variables = { agency, ...data };
  if (definitionTemplate) {
    const source: DefinitionTemplateSource = { id: notification.template, ...definitionTemplate };
    return renderDefinitionTemplate(source, variables);
  }
  return renderNotification(notification.template, variables);
}

/** A letter is "sent" once its PDF is queued for printing; the office mails it. */
async function queueLetterOf(
  deps: NotificationDeliveryDeps,
  notification: Notification,
  message: RenderedMessage,
): Promise<string> {
  const data = isObject(notification.payload.data) ? notification.payload.data : {};
  const recipientName = typeof data.recipientName === 'string' ? data.recipientName : undefined;
  // Dated in the resident's language, like the text the letter carries.
  const locale = data.language === 'es' ? 'es-US' : 'en-US';
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: deps.agency.timeZone ?? 'UTC' }).format(
    deps.now?.() ?? new Date(),
  );
  const pdf = await renderLetterPdf({
    agency: deps.agency,
    date,
    address: notification.recipient,
    subject: message.subject,
    text: message.text,
    ...(recipientName ? { recipientName } : {}),
  });
  const id = await queueLetter(deps.db, {
    notificationId: notification.id,
    address: notification.recipient,
    subject: message.subject,
    pdf,
    ...(notification.caseId ? { caseId: notification.caseId } : {}),
    ...(recipientName ? { recipientName } : {}),
  });
  return `letter:${id}`;
}

async function send(
  deps: NotificationDeliveryDeps,
  notification: Notification,
  message: RenderedMessage,
  signal: AbortSignal | undefined,
): Promise<string | null> {
  if (notification.channel === 'letter') return queueLetterOf(deps, notification, message);
  if (notification.channel === 'email') {
    if (!deps.email)
      throw new NotificationError('CHANNEL_NOT_CONFIGURED', 'email is not configured (no SMTP server)', {
        channel: 'email',
      });
    const thread = threadOf(notification);
    const sent = await deps.email.send({
      ...(thread ? { thread } : {}),
      to: notification.recipient,
      subject: message.subject,
      text: message.text,
      html: message.html,
      notificationId: notification.idempotencyKey,
      ...(signal ? { signal } : {}),
    });
    return sent.messageId;
  }
  if (!deps.sms)
    throw new NotificationError('CHANNEL_NOT_CONFIGURED', 'SMS is not configured (no SMS provider)', {
      channel: 'sms',
    });
  // The number texted STOP: honour it (a permanent refusal; staff see the notice as undelivered).
  if (await isSmsOptedOut(deps.db, notification.recipient))
    throw new NotificationError('RECIPIENT_INVALID', `${notification.recipient} opted out of texts (STOP)`, {
      channel: 'sms',
    });
  const sent = await deps.sms.send({
    to: notification.recipient,
    body: message.sms,
    idempotencyKey: notification.idempotencyKey,
    ...(signal ? { signal } : {}),
  });
  return sent.messageId ?? null;
}

/**
 * Removes secrets (the resident's verification code) from a row that will not be rendered again:
 * the case table keeps only a hash of the code, and the outbox must not undo that.
 */
async function scrubSecrets(db: Knex, notification: Notification): Promise<void> {
  const data = isObject(notification.payload.data) ? notification.payload.data : undefined;
  if (!data || !SECRET_VARIABLES.some((name) => name in data)) return;
  await db('notifications')
    .where({ id: notification.id })
    .whereIn('state', ['sent', 'failed'])
    .update({
      payload: db.raw(`jsonb_set(payload, '{data}', (payload->'data') - ?::text[])`, [[...SECRET_VARIABLES]]),
    });
}

/** Marking sent is retried in place: giving up here would let a later attempt send a duplicate. */
async function recordSent(db: Knex, id: number, providerMessageId: string | null): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await markNotificationSent(db, id, providerMessageId ?? undefined);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * Delivers a message the caller has claimed. Resolves when sent; otherwise records the failure in
 * the outbox and rejects with a {@link DeliveryError}.
 * `retryAt` decides when the outbox considers the message due again (the activity passes "now"
 * because Temporal's retry policy paces its attempts).
 */
export async function deliverClaimedNotification(
  deps: NotificationDeliveryDeps,
  notification: Notification,
  options: { retryAt?: Date; signal?: AbortSignal } = {},
): Promise<DeliveredNotification> {
  let providerMessageId: string | null;
  try {
    const message = renderOutboxMessage(notification, deps.agency);
    providerMessageId = await send(deps, notification, message, options.signal);
  } catch (caught) {
    const error =
      caught instanceof NotificationError
        ? caught
        : new NotificationError(
            'DELIVERY_UNAVAILABLE',
            `notification not sent: ${caught instanceof Error ? caught.message : String(caught)}`,
            {},
            { cause: caught },
          );
    const recorded = await markNotificationFailed(deps.db, notification.id, `${error.code}: ${error.message}`, {
      // A missing channel is the deployment's state, not the message's fault: keep it for later.
      permanent: !error.retryable && error.code !== 'CHANNEL_NOT_CONFIGURED',
      ...(options.retryAt ? { retryAt: options.retryAt } : {}),
      now: deps.now?.() ?? new Date(),
    });
    if (recorded.state === 'failed') {
      await scrubSecrets(deps.db, recorded);
      await recordUndeliveredNotice(deps.db, recorded, deps.now?.() ?? new Date());
    }
    throw new DeliveryError(error, recorded);
  }
  await recordSent(deps.db, notification.id, providerMessageId);
  await scrubSecrets(deps.db, notification);
  return { notificationId: notification.id, providerMessageId, attempts: notification.attempts };
}

/** A failed attempt, already recorded in the outbox. */
export class DeliveryError extends Error {
  constructor(
    readonly error: NotificationError,
    readonly notification: Notification,
  ) {
    super(error.message, { cause: error });
    this.name = 'DeliveryError';
  }

  /** True when the outbox will not try again (permanent error or attempts used up). */
  get abandoned(): boolean {
    return this.notification.state === 'failed';
  }

  /** True when the sending activity's attempts are used up and the outbox sweep carries on. */
  get deferred(): boolean {
    return this.notification.state === 'pending' && this.notification.attempts >= this.notification.maxAttempts;
  }
}
