/**
 * Idempotency-Key handling for API requests (the IETF draft's semantics): the first request with a key
 * runs; a retry with the same key and body gets the stored response; the same key with a different
 * body is refused; a retry while the first is still running is told to wait.
 */
import type { Knex } from 'knex';
import type { JsonValue } from '../../domain/audit';
import { DbError } from '../errors';
import { jsonb } from './db-values';

export type IdempotencyBegin =
  /**
   * Go ahead; call completeIdempotentRequest (or releaseIdempotentRequest on failure) afterwards.
   * `reservation` is what `reserve` returned for this key; `resumed` when an earlier attempt made it
   * (that attempt may have crashed half-way, or may still be running).
   */
  | { state: 'started'; reservation?: JsonValue; resumed?: boolean }
  /** Same key and body already answered: replay this response. */
  | { state: 'completed'; status: number; body: JsonValue; resourceId: string | null }
  /** The first request with this key is still running (HTTP 409). */
  | { state: 'in-progress' }
  /** The key was used with a different request body (HTTP 422). */
  | { state: 'mismatch' };

export interface BeginInput {
  /** Who and what: e.g. `user:<id>:POST /cases` or `apikey:<id>:open311`. Keys are unique per scope. */
  scope: string;
  key: string;
  /** sha256 of the canonical request (method, path, body). */
  requestHash: string;
  /** How long a running request holds the key before a retry may take over (default 60 s). */
  lockMs?: number;
  /** How long the answer is kept (default 24 h). */
  ttlMs?: number;
  now?: Date;
  /**
   * For requests that are safe to run again once their identity is fixed: called once per key, in the
   * transaction that takes it, to reserve that identity (ids, numbers). Every later attempt with the
   * same request gets the same reservation and runs at once, even while an earlier attempt holds the
   * lock: no waiting out a crashed attempt. The same key with another request is a mismatch.
   */
  reserve?: (trx: Knex.Transaction) => Promise<JsonValue>;
}

interface IdempotencyRow {
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: JsonValue;
  resource_id: string | null;
  reservation: JsonValue;
  locked_until: Date | null;
  expires_at: Date;
}

export async function beginIdempotentRequest(db: Knex, input: BeginInput): Promise<IdempotencyBegin> {
  if (input.key === '' || input.key.length > 255)
    throw new DbError('INVALID_INPUT', 'Idempotency-Key must be 1-255 characters');
  const now = input.now ?? new Date();
  const lockedUntil = new Date(now.getTime() + (input.lockMs ?? 60_000));
  const expiresAt = new Date(now.getTime() + (input.ttlMs ?? 24 * 3600_000));
  return db.transaction(async (trx) => {
    /** A new reservation for this key (only for callers that reserve). */
    const started = async (): Promise<IdempotencyBegin> => {
      if (!input.reserve) return { state: 'started' };
      const reservation = await input.reserve(trx);
      await trx('idempotency_keys')
        .where({ scope: input.scope, key: input.key })
        .update({ reservation: jsonb(reservation) });
      return { state: 'started', reservation, resumed: false };
    };
    const inserted = await trx('idempotency_keys')
      .insert({
        scope: input.scope,
        key: input.key,
        request_hash: input.requestHash,
        locked_until: lockedUntil,
        expires_at: expiresAt,
      })
      .onConflict(['scope', 'key'])
      .ignore()
      .returning('key');
    if (inserted.length > 0) return started();
    const row = await trx<IdempotencyRow>('idempotency_keys')
      .where({ scope: input.scope, key: input.key })
      .forUpdate()
      .first();
    if (!row) return { state: 'in-progress' } as const;
    const expired = row.expires_at.getTime() <= now.getTime();
    const abandoned =
      row.state === 'in_progress' && (row.locked_until === null || row.locked_until.getTime() <= now.getTime());
    const reserved = row.reservation !== null && input.reserve !== undefined;
    if (expired || (abandoned && !reserved)) {
      // An expired answer or a crashed first attempt that reserved nothing: this request takes the key over.
      await trx('idempotency_keys').where({ scope: input.scope, key: input.key }).update({
        request_hash: input.requestHash,
        state: 'in_progress',
        response_status: null,
        response_body: null,
        resource_id: null,
        reservation: null,
        locked_until: lockedUntil,
        expires_at: expiresAt,
        completed_at: null,
      });
      return started();
    }
    if (row.request_hash !== input.requestHash) return { state: 'mismatch' } as const;
    if (row.state === 'completed')
      return {
        state: 'completed',
        status: Number(row.response_status),
        body: row.response_body,
        resourceId: row.resource_id,
      } as const;
    if (!reserved) return { state: 'in-progress' } as const;
    // The same request again while an earlier attempt is running or died: it runs with that attempt's reservation.
    await trx('idempotency_keys').where({ scope: input.scope, key: input.key }).update({ locked_until: lockedUntil });
    return { state: 'started', reservation: row.reservation, resumed: true } as const;
  });
}

export interface CompleteInput {
  scope: string;
  key: string;
  status: number;
  body: JsonValue;
  /** e.g. the created case id. */
  resourceId?: string;
}

export async function completeIdempotentRequest(db: Knex, input: CompleteInput): Promise<void> {
  await db('idempotency_keys')
    .where({ scope: input.scope, key: input.key })
    .update({
      state: 'completed',
      response_status: input.status,
      response_body: jsonb(input.body),
      resource_id: input.resourceId ?? null,
      completed_at: db.fn.now(),
      locked_until: null,
    });
}

/** Frees the key after a failure that should be retryable (e.g. a 5xx), so a retry runs again. */
export async function releaseIdempotentRequest(db: Knex, scope: string, key: string): Promise<void> {
  await db('idempotency_keys').where({ scope, key, state: 'in_progress' }).delete();
}

/** Housekeeping: removes answers past their expiry. Returns how many were removed. */
export async function purgeExpiredIdempotencyKeys(db: Knex, now: Date = new Date()): Promise<number> {
  return db('idempotency_keys').where('expires_at', '<=', now).delete();
}
