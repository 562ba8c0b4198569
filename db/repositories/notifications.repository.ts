/**
 * The notifications outbox. A message is enqueued once per idempotency key (a retried activity finds
 * the first row), claimed with a lease for delivery, then marked sent or failed. A crashed sender's
 * lease expires and the message is claimed again; a message marked sent is never claimed again.
 */
import type { Knex } from 'knex';
import type { JsonObject } from '../../domain/audit';
import { DbError } from '../errors';
import { jsonb } from './db-values';

export type NotificationChannel = 'email' | 'sms';
export type NotificationState = 'pending' | 'sending' | 'sent' | 'failed';

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
}

export interface Notification extends Omit<NotificationInput, 'maxAttempts' | 'availableAt'> {
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
  if (input.channel !== 'email' && input.channel !== 'sms') {
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

async function claim(db: Knex, where: string, bindings: Record<string, unknown>, limit: number, options: ClaimOptions): Promise<Notification[]> {
  const now = options.now ?? new Date();
  const leaseMs = options.leaseMs ?? 60_000;
  const result = await db.raw<{ rows: NotificationRow[] }>(
    `update notifications set state = 'sending', attempts = attempts + 1, claimed_at = :now,
       claim_expires_at = :expires
     where id in (
       select id from notifications where (${CLAIMABLE}) and attempts < max_attempts and ${where}
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

/** Claims up to `limit` due messages for a delivery loop; concurrent claimers never get the same row. */
export async function claimDueNotifications(db: Knex, limit: number, options: ClaimDueOptions = {}): Promise<Notification[]> {
  const size = Math.max(1, Math.min(limit, 500));
  if (options.channels === undefined) return claim(db, 'true', {}, size, options);
  if (options.channels.length === 0) return [];
  return claim(db, 'channel = any(:channels::text[])', { channels: [...options.channels] }, size, options);
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
export async function claimNotification(db: Knex, idempotencyKey: string, options: ClaimOptions = {}): Promise<Notification | undefined> {
  const [claimed] = await claim(db, 'idempotency_key = :key', { key: idempotencyKey }, 1, options);
  return claimed;
}

export async function markNotificationSent(db: Knex, id: number, providerMessageId?: string, sentAt?: Date): Promise<void> {
  const count = await db('notifications')
    .where({ id })
    .whereNot({ state: 'sent' })
    .update({ state: 'sent', sent_at: sentAt ?? db.fn.now(), provider_message_id: providerMessageId ?? null, claim_expires_at: null, last_error: null });
  if (count === 0 && !(await db('notifications').where({ id }).first('id'))) {
    throw new DbError('NOTIFICATION_NOT_FOUND', `notification ${id} not found`, { id });
  }
}

export interface MarkFailedOptions {
  /** When to try again; ignored when `permanent` or attempts are used up. Default: exponential back-off. */
  retryAt?: Date;
  /** The provider refused for good (bad address): no more attempts. */
  permanent?: boolean;
  now?: Date;
}

/** Records a failed attempt: back to pending with back-off, or failed for good. */
export async function markNotificationFailed(db: Knex, id: number, error: string, options: MarkFailedOptions = {}): Promise<Notification> {
  return db.transaction(async (trx) => {
    const row = await trx<NotificationRow>('notifications').where({ id }).forUpdate().first();
    if (!row) throw new DbError('NOTIFICATION_NOT_FOUND', `notification ${id} not found`, { id });
    if (row.state === 'sent') return toNotification(row);
    const attempts = Number(row.attempts);
    const exhausted = options.permanent === true || attempts >= Number(row.max_attempts);
    const now = options.now ?? new Date();
    const backoffMs = Math.min(2 ** Math.max(attempts - 1, 0) * 30_000, 3_600_000);
    const [updated] = (await trx('notifications')
      .where({ id })
      .update({
        state: exhausted ? 'failed' : 'pending',
        last_error: error.slice(0, 2000),
        claim_expires_at: null,
        next_attempt_at: options.retryAt ?? new Date(now.getTime() + backoffMs),
      })
      .returning('*')) as NotificationRow[];
    return toNotification(updated);
  });
}

export async function getNotificationByKey(db: Knex, idempotencyKey: string): Promise<Notification | undefined> {
  const row = await db<NotificationRow>('notifications').where({ idempotency_key: idempotencyKey }).first();
  return row ? toNotification(row) : undefined;
}

export async function listCaseNotifications(db: Knex, caseId: string): Promise<Notification[]> {
  const rows = await db<NotificationRow>('notifications').where({ case_id: caseId }).orderBy('id');
  return rows.map(toNotification);
}
