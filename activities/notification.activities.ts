/**
 * Temporal activities for notifications. `deliverNotification` enqueues the message in the outbox
 * under its idempotency key, then sends it only if no earlier attempt did: an activity retried after
 * a crash finds the row already sent and sends nothing. Permanent problems (bad address, unknown
 * template, missing variable, provider refusal) fail without retry; the rest are retried by
 * Temporal's retry policy.
 *
 * The one gap no outbox closes: a crash after the provider accepted a message but before the row is
 * marked sent. The next attempt sends it again, with the same Message-ID and
 * X-CivicFlow-Notification-Id (email) or Idempotency-Key (SMS), so it is recognisable as a duplicate.
 */
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { JsonObject } from '../domain/audit';
import {
  DEFAULT_GIVE_UP_DAYS,
  claimDueNotifications,
  claimNotification,
  enqueueNotification,
  getNotificationByKey,
  type Notification,
  type NotificationChannel,
} from '../db/repositories/notifications.repository';
import { NotificationError } from '../notifications/notification-error';
import { DeliveryError, deliverClaimedNotification, type NotificationDeliveryDeps } from './notification-delivery';

export interface NotificationActivityDeps extends NotificationDeliveryDeps {
  /** How long one attempt holds a message before another may take it over (default 60 s). Keep it
   *  above the activity's start-to-close timeout. */
  readonly leaseMs?: number;
  /** Attempts the activity makes per message (default 10); match the activity retry policy. */
  readonly maxAttempts?: number;
  /** After those, how long the outbox sweep keeps trying before it gives up with an incident (default 3 days). */
  readonly giveUpAfterMs?: number;
}

export interface DeliverNotificationInput {
  /** Stable per message, e.g. the interpreter command key `${caseId}:${sequence}:${index}` plus the recipient. */
  idempotencyKey: string;
  caseId?: string;
  channel: NotificationChannel;
  /** Email address or E.164 phone number. */
  recipient: string;
  /** A platform template id (NOTIFICATION_TEMPLATE_IDS) or, with `definitionTemplate`, the definition's template id. */
  template: string;
  /** Template variables; `agency` is filled from the worker's configuration when absent. */
  data: JsonObject;
  /** The text of a template the process definition wrote (`templates:` in the YAML). */
  definitionTemplate?: { subject?: string; body: string };
}

export interface DeliverNotificationResult {
  /** 'sent' by this attempt, or 'already-sent' by an earlier one. */
  status: 'sent' | 'already-sent';
  notificationId: number;
  providerMessageId: string | null;
  attempts: number;
}

export interface DeliverDueResult {
  sent: number;
  /** Attempts that failed (the message is due again later, or given up). */
  failed: number;
  /** Messages given up by this sweep (each recorded as an incident on its case). */
  gaveUp: number;
}

/** Failure types the workflow can name in `nonRetryableErrorTypes` or inspect after a failure. */
export const NOTIFICATION_FAILURE_TYPES = {
  invalidInput: 'NOTIFICATION_INPUT_INVALID',
} as const;

function failure(error: NotificationError, nonRetryable: boolean, nextRetryDelayMs?: number): ApplicationFailure {
  return ApplicationFailure.create({
    message: error.message,
    type: error.code,
    nonRetryable,
    details: [{ code: error.code, ...error.details }],
    ...(nextRetryDelayMs !== undefined && nextRetryDelayMs > 0 ? { nextRetryDelay: nextRetryDelayMs } : {}),
    cause: error,
  });
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: NOTIFICATION_FAILURE_TYPES.invalidInput, nonRetryable: true });
}

function checkInput(input: DeliverNotificationInput): void {
  if (input === null || typeof input !== 'object') throw invalid('deliverNotification needs an input object');
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.trim() === '')
    throw invalid('idempotencyKey must be a non-empty string');
  if (input.channel !== 'email' && input.channel !== 'sms' && input.channel !== 'letter')
    throw invalid(`channel must be "email", "sms" or "letter", got ${JSON.stringify(input.channel)}`);
  if (typeof input.recipient !== 'string' || input.recipient.trim() === '')
    throw invalid('recipient must be a non-empty string');
  if (typeof input.template !== 'string' || input.template.trim() === '')
    throw invalid('template must be a non-empty string');
  if (input.data === null || typeof input.data !== 'object' || Array.isArray(input.data))
    throw invalid('data must be an object');
  if (
    input.definitionTemplate !== undefined &&
    (input.definitionTemplate === null || typeof input.definitionTemplate.body !== 'string')
  ) {
    throw invalid('definitionTemplate must have a body');
  }
}

function deferred(notification: Notification): ApplicationFailure {
  return failure(
    new NotificationError(
      'DELIVERY_DEFERRED',
      `notification ${notification.idempotencyKey} is left to the outbox sweep (next attempt ${notification.nextAttemptAt.toISOString()}): ${notification.lastError ?? ''}`,
      {
        attempts: notification.attempts,
      },
    ),
    true,
  );
}

function alreadySent(notification: Notification): DeliverNotificationResult {
  return {
    status: 'already-sent',
    notificationId: notification.id,
    providerMessageId: notification.providerMessageId,
    attempts: notification.attempts,
  };
}

function abandoned(notification: Notification): ApplicationFailure {
  return failure(
    new NotificationError(
      'DELIVERY_ABANDONED',
      `notification ${notification.idempotencyKey} was given up: ${notification.lastError ?? 'no attempts left'}`,
      {
        attempts: notification.attempts,
      },
    ),
    true,
  );
}

/** Letters need only the database (a PDF queued for printing); email and SMS need their channel. */
export function deliverableChannels(deps: Pick<NotificationDeliveryDeps, 'email' | 'sms'>): NotificationChannel[] {
  return ['letter', ...(deps.email ? (['email'] as const) : []), ...(deps.sms ? (['sms'] as const) : [])];
}

export function createNotificationActivities(deps: NotificationActivityDeps) {
  const now = (): Date => deps.now?.() ?? new Date();
  const leaseMs = deps.leaseMs ?? 60_000;

  async function deliverNotification(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
    checkInput(input);
    const payload: JsonObject = { data: input.data };
    const authored = input.definitionTemplate;
    if (authored)
      payload.definitionTemplate =
        authored.subject !== undefined ? { subject: authored.subject, body: authored.body } : { body: authored.body };
    // One clock for enqueue and claim, so a new row is due at the instant it is claimed.
    const at = now();
    const { notification: queued } = await enqueueNotification(deps.db, {
      idempotencyKey: input.idempotencyKey,
      ...(input.caseId !== undefined ? { caseId: input.caseId } : {}),
      channel: input.channel,
      recipient: input.recipient.trim(),
      template: input.template,
      payload,
      maxAttempts: deps.maxAttempts ?? 10,
      availableAt: at,
      giveUpAt: new Date(at.getTime() + (deps.giveUpAfterMs ?? DEFAULT_GIVE_UP_DAYS * 86_400_000)),
    });
    if (queued.state === 'sent') return alreadySent(queued);
    if (queued.state === 'failed') throw abandoned(queued);
    if (queued.state === 'pending' && queued.attempts >= queued.maxAttempts) throw deferred(queued);

    if (!deliverableChannels(deps).includes(queued.channel)) {
      // Left pending, not failed: once the channel is configured the sweep sends it.
      throw failure(
        new NotificationError(
          'CHANNEL_NOT_CONFIGURED',
          `no ${queued.channel} channel is configured; notification ${queued.idempotencyKey} stays queued in the outbox`,
          { channel: queued.channel },
        ),
        true,
      );
    }

    const claimed = await claimNotification(deps.db, input.idempotencyKey, { now: at, leaseMs });
    if (!claimed) {
      const current = (await getNotificationByKey(deps.db, input.idempotencyKey)) ?? queued;
      if (current.state === 'sent') return alreadySent(current);
      const leased = current.state === 'sending' && current.claimExpiresAt !== null && current.claimExpiresAt > at;
      if (current.state === 'failed') throw abandoned(current);
      if (!leased && current.attempts >= current.maxAttempts)
        throw current.giveUpAt === null ? abandoned(current) : deferred(current);
      // Another attempt holds the lease (or the row waits for its next attempt): try again after it.
      const waitMs = (current.claimExpiresAt ?? current.nextAttemptAt).getTime() - at.getTime();
      const why = leased
        ? 'is being delivered by another attempt'
        : `waits for its next attempt at ${current.nextAttemptAt.toISOString()}`;
      throw failure(
        new NotificationError('DELIVERY_IN_PROGRESS', `notification ${input.idempotencyKey} ${why}`, {
          state: current.state,
        }),
        false,
        Math.min(Math.max(waitMs, 1000), leaseMs),
      );
    }

    try {
      // Cancelled or timed out by Temporal: stop talking to the provider.
      const signal = asyncLocalStorage.getStore()?.cancellationSignal;
      const delivered = await deliverClaimedNotification(deps, claimed, {
        retryAt: now(),
        ...(signal ? { signal } : {}),
      });
      return { status: 'sent', ...delivered };
    } catch (error) {
      if (error instanceof DeliveryError) {
        const retryAfter =
          typeof error.error.details.retryAfterSeconds === 'number'
            ? error.error.details.retryAfterSeconds * 1000
            : undefined;
        // Given up, or handed to the sweep: Temporal's retries stop either way.
        throw failure(error.error, !error.error.retryable || error.abandoned || error.deferred, retryAfter);
      }
      throw error;
    }
  }

  /**
   * Drains messages left pending (their activity's attempts ran out, or they were enqueued
   * elsewhere): claims up to `limit` due rows and tries each once. A failure puts the message off
   * with back-off; the attempt at or after its give-up time is its last, and a message given up is
   * recorded as an incident on its case. Called periodically by the outbox sweep schedule.
   */
  async function deliverDueNotifications(limit = 50): Promise<DeliverDueResult> {
    const claimed = await claimDueNotifications(deps.db, limit, { now: now(), leaseMs });
    const deliverable = deliverableChannels(deps);
    let sent = 0;
    let failed = 0;
    let gaveUp = 0;
    for (const notification of claimed) {
      try {
        // Without the channel, look again in an hour; at its give-up time it becomes an incident staff see.
        const unconfigured = !deliverable.includes(notification.channel);
        await deliverClaimedNotification(
          deps,
          notification,
          unconfigured ? { retryAt: new Date(now().getTime() + 3_600_000) } : {},
        );
        sent += 1;
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        failed += 1;
        if (error.abandoned) gaveUp += 1;
      }
    }
    return { sent, failed, gaveUp };
  }

  return { deliverNotification, deliverDueNotifications };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
