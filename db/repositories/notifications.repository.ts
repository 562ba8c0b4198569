/**
 * The notifications outbox. A message is enqueued once per idempotency key (a retried activity finds
 * the first row), claimed with a lease for delivery, then marked sent or failed. A crashed sender's
 * lease expires and the message is claimed again; a message marked sent is never claimed again.
 */
import type { Knex } from 'knex';
import type { JsonObject } from '../../domain/audit';
import { DbError } from '../errors';
import { jsonb } from './db-values';

/** `letter`: a PDF queued for printing and mailing by the office. */
export type NotificationChannel = 'email' | 'sms' | 'letter';
export type NotificationState = 'pending' | 'sending' | 'sent' | 'failed';

/** How long the sweep keeps trying a notice nobody gave a give-up time. */
export const DEFAULT_GIVE_UP_DAYS = 3;

export interface NotificationInput {
  idempotencyKey: string;
  caseId?: string;
  channel: NotificationChannel;
  /** Email address or E.164 phone number. */
  recipient: string;
  /** Template id, e.g. 'sla-escalation-supervisor'. */
  template: string;
  payload: JsonObject;
  maxAttempts?: number;
  /**
   * When the first attempt is due (default: the database clock). A caller that claims at once with
   * its own clock passes that instant: the database clock has microseconds, a JS Date only
   * milliseconds, so a row enqueued and claimed within one millisecond would not be due yet.
   */
  availableAt?: Date;
  /**
   * Until when the outbox sweep keeps trying after the first `maxAttempts` (the sending activity's
   * own) are used up. Default three days after enqueueing; null: the message fails with its last
   * attempt.
   */
  giveUpAt?: Date | null;
}

export interface Notification extends Omit<NotificationInput, 'maxAttempts' | 'availableAt' | 'giveUpAt'> {
  id: number;
  state: NotificationState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  claimExpiresAt: Date | null;
  sentAt: Date | null;
  giveUpAt: Date | null;
}

interface NotificationRow {
  id: number | string;
  idempotency_key: string;
  case_id: string | null;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  payload: JsonObject;
  state: NotificationState;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Date;
  next_attempt_at: Date;
  claim_expires_at: Date | null;
  sent_at: Date | null;
  give_up_at: Date | null;
}

function toNotification(row: NotificationRow): Notification {
  const notification: Notification = {
    id: Number(row.id),
    idempotencyKey: row.idempotency_key,
    channel: row.channel,
    recipient: row.recipient,
    template: row.template,
    payload: row.payload,
    state: row.state,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    claimExpiresAt: row.claim_expires_at,
    sentAt: row.sent_at,
    giveUpAt: row.give_up_at ?? null,
  };
  if (row.case_id !== null) notification.caseId = row.case_id;
  return notification;
}

export interface EnqueueResult {
  notification: Notification;
  /** False when the key was already in the outbox (nothing new was queued). */
  enqueued: boolean;
}

export async function enqueueNotification(db: Knex, input: NotificationInput): Promise<EnqueueResult> {
  if (input.idempotencyKey === '' || input.recipient === '' || input.template === '') {
    throw new DbError('INVALID_INPUT', 'a notification needs an idempotency key, a recipient and a template');
  }
  if (input.channel !== 'email' && input.channel !== 'sms' && input.channel !== 'letter') {
    throw new DbError('INVALID_INPUT', `unknown notification channel ${JSON.stringify(input.channel)}`);
  }
  const inserted = (await db('notifications')
    .insert({
      idempotency_key: input.idempotencyKey,
      case_id: input.caseId ?? null,
      channel: input.channel,
      recipient: input.recipient,
      template: input.template,
      payload: jsonb(input.payload),
      max_attempts: input.maxAttempts ?? 5,
      ...(input.availableAt ? { next_attempt_at: input.availableAt } : {}),
      give_up_at:
        input.giveUpAt === undefined ? db.raw(`now() + interval '${DEFAULT_GIVE_UP_DAYS} days'`) : input.giveUpAt,
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning('*')) as NotificationRow[];
  if (inserted.length > 0) return { notification: toNotification(inserted[0]), enqueued: true };
  const existing = await db<NotificationRow>('notifications').where({ idempotency_key: input.idempotencyKey }).first();
  if (!existing) throw new Error(`notification ${input.idempotencyKey} conflicted but cannot be found`);
  return { notification: toNotification(existing), enqueued: false };
}

export interface ClaimOptions {
  /** How long the claimer may take before another may retry (default 60 s). */
  leaseMs?: number;
  /** The instant to judge due-ness and leases at (default: database clock). */
  now?: Date;
}

const CLAIMABLE = `(state = 'pending' and next_attempt_at <= :now) or (state = 'sending' and claim_expires_at <= :now)`;

async function claim(
  db: Knex,
  where: string,
  bindings: Record<string, unknown>,
  limit: number,
  options: ClaimOptions,
): Promise<Notification[]> {
  const now = options.now ?? new Date();
  const leaseMs = options.leaseMs ?? 60_000;
  const result = await db.raw<{ rows: NotificationRow[] }>(
    `update notifications set state = 'sending', attempts = attempts + 1, claimed_at = :now,
       claim_expires_at = :expires
     where id in (
       select id from notifications where (${CLAIMABLE}) and ${where}
       order by next_attempt_at, id limit :limit for update skip locked)
     returning *`,
    { ...bindings, now, expires: new Date(now.getTime() + leaseMs), limit },
  );
  return result.rows.map(toNotification).sort((a, b) => a.id - b.id);
}

export interface ClaimDueOptions extends ClaimOptions {
  /** Only these channels (a sweep without an SMS gateway leaves SMS rows alone); default all. */
  channels?: readonly NotificationChannel[];
}

/** The sending activity's own attempts; the sweep may go on past them while a give-up time is set. */
const ACTIVITY_ATTEMPTS_LEFT = 'attempts < max_attempts';
const SWEEP_ATTEMPTS_LEFT = '(attempts < max_attempts or give_up_at is not null)';

/**
 * Claims up to `limit` due messages for a delivery loop; concurrent claimers never get the same row.
 * A message past its activity's attempts is still claimed while it has a give-up time: the attempt
 * made at or after that time is its last (see markNotificationFailed).
 */
export async function claimDueNotifications(
  db: Knex,
  limit: number,
  options: ClaimDueOptions = {},
): Promise<Notification[]> {
  const size = Math.max(1, Math.min(limit, 500));
  if (options.channels === undefined) return claim(db, SWEEP_ATTEMPTS_LEFT, {}, size, options);
  if (options.channels.length === 0) return [];
  return claim(
    db,
    `${SWEEP_ATTEMPTS_LEFT} and channel = any(:channels::text[])`,
    { channels: [...options.channels] },
    size,
    options,
  );
}

/**
 * Removes the named template variables from a message that will not be rendered again (sent or
 * failed), e.g. the resident's verification code, which the case table keeps only as a hash.
 * Returns whether the row changed; a pending or sending row is left whole so a retry can render it.
 */
export async function redactNotificationPayload(db: Knex, id: number, dataKeys: readonly string[]): Promise<boolean> {
  const row = await db<NotificationRow>('notifications').where({ id }).first('id', 'state', 'payload');
  if (!row) throw new DbError('NOTIFICATION_NOT_FOUND', `notification ${id} not found`, { id });
  if (dataKeys.length === 0) return false;
  // Payloads are `{ data, definitionTemplate? }`; an older flat payload holds the variables at the top.
  const nested = row.payload.data !== null && typeof row.payload.data === 'object' && !Array.isArray(row.payload.data);
  const expression = nested ? `jsonb_set(payload, '{data}', (payload->'data') - ?::text[])` : `payload - ?::text[]`;
  const holder = (nested ? row.payload.data : row.payload) as JsonObject;
  if (!dataKeys.some((key) => key in holder)) return false;
  const count = await db('notifications')
    .where({ id })
    .whereIn('state', ['sent', 'failed'])
    .update({ payload: db.raw(expression, [[...dataKeys]]) });
  return count > 0;
}

/**
 * Claims one message by idempotency key, for an activity that enqueues and then delivers at once.
 * Undefined when it was already sent, is being sent under a live lease, or has no attempts left.
 */
export async function claimNotification(
  db: Knex,
  idempotencyKey: string,
  options: ClaimOptions = {},
): Promise<Notification | undefined> {
  const [claimed] = await claim(
    db,
    `${ACTIVITY_ATTEMPTS_LEFT} and idempotency_key = :key`,
    { key: idempotencyKey },
    1,
    options,
  );
  return claimed;
}

export async function markNotificationSent(
  db: Knex,
  id: number,
  providerMessageId?: string,
  sentAt?: Date,
): Promise<void> {
  const count = await db('notifications')
    .where({ id })
    .whereNot({ state: 'sent' })
    .update({
      state: 'sent',
      sent_at: sentAt ?? db.fn.now(),
      provider_message_id: providerMessageId ?? null,
      claim_expires_at: null,
      last_error: null,
    });
  if (count === 0 && !(await db('notifications').where({ id }).first('id'))) {
    throw new DbError('NOTIFICATION_NOT_FOUND', `notification ${id} not found`, { id });
  }
}

export interface MarkFailedOptions {
  /**
   * When to try again; ignored when `permanent`, when attempts are used up, and once the activity's
   * attempts are used up (the sweep's back-off then paces). Default: exponential back-off.
   */
  retryAt?: Date;
  /** The provider refused for good (bad address): no more attempts. */
  permanent?: boolean;
  now?: Date;
}

/** The sweep's back-off once the activity has handed a message over: 5 min, 10, 20 … at most 6 h. */
const SWEEP_BACKOFF_START_MS = 5 * 60_000;
const SWEEP_BACKOFF_MAX_MS = 6 * 3_600_000;

/** When a failed message is due again, or undefined when it is failed for good. Pure. */
export function nextAttemptAfterFailure(
  message: { attempts: number; maxAttempts: number; giveUpAt: Date | null },
  now: Date,
  options: { permanent?: boolean; retryAt?: Date } = {},
): Date | undefined {
  if (options.permanent === true) return undefined;
  if (message.attempts < message.maxAttempts) {
    return (
      options.retryAt ?? new Date(now.getTime() + Math.min(2 ** Math.max(message.attempts - 1, 0) * 30_000, 3_600_000))
    );
  }
  if (message.giveUpAt === null || now.getTime() >= message.giveUpAt.getTime()) return undefined;
  const sweepAttempt = message.attempts - message.maxAttempts;
  const backoff = new Date(now.getTime() + Math.min(2 ** sweepAttempt * SWEEP_BACKOFF_START_MS, SWEEP_BACKOFF_MAX_MS));
  // The last try falls on the give-up time itself, so a notice is never failed early.
  return backoff < message.giveUpAt ? backoff : message.giveUpAt;
}

/** Records a failed attempt: back to pending with back-off, or failed for good. */
export async function markNotificationFailed(
  db: Knex,
  id: number,
  error: string,
  options: MarkFailedOptions = {},
): Promise<Notification> {
  return db.transaction(async (trx) => {
    const row = await trx<NotificationRow>('notifications').where({ id }).forUpdate().first();
    if (!row) throw new DbError('NOTIFICATION_NOT_FOUND', `notification ${id} not found`, { id });
    if (row.state === 'sent') return toNotification(row);
    const now = options.now ?? new Date();
    const next = nextAttemptAfterFailure(
      { attempts: Number(row.attempts), maxAttempts: Number(row.max_attempts), giveUpAt: row.give_up_at ?? null },
      now,
      options,
    );
    const [updated] = (await trx('notifications')
      .where({ id })
      .update({
        state: next ? 'pending' : 'failed',
        last_error: error.slice(0, 2000),
        claim_expires_at: null,
        next_attempt_at: next ?? now,
      })
      .returning('*')) as NotificationRow[];
    return toNotification(updated);
  });
}

export async function getNotificationByKey(db: Knex, idempotencyKey: string): Promise<Notification | undefined> {
  const row = await db<NotificationRow>('notifications').where({ idempotency_key: idempotencyKey }).first();
  return row ? toNotification(row) : undefined;
}

export async function listCaseNotifications(
  db: Knex,
  caseId: string,
  options: { state?: NotificationState } = {},
): Promise<Notification[]> {
  const rows = await db<NotificationRow>('notifications')
    .where({ case_id: caseId, ...(options.state ? { state: options.state } : {}) })
    .orderBy('id');
  return rows.map(toNotification);
}

/** How many notices were given up, per case, for the cases asked about (the work list's flag). */
export async function countUndeliveredNotices(db: Knex, caseIds: readonly string[]): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db('notifications')
    .whereIn('case_id', [...caseIds])
    .where({ state: 'failed' })
    .groupBy('case_id')
    .select<{ case_id: string; count: string | number }[]>('case_id', db.raw('count(*) as count'));
  return new Map(rows.map((row) => [row.case_id, Number(row.count)]));
}
