/**
 * Runs a creating request at most once per Idempotency-Key (per caller scope): a retry with the same
 * body gets the first answer, the same key with another body is refused, a retry while the first
 * still runs is told so. Shared by the case API and Open311 POST requests.
 *
 * With `reservation` the request is exactly-once across crashes: its identity (for a create: the
 * case id, tracking number and resident's code) is reserved with the key before any side effect, and
 * every attempt runs with it — a retry after a crash, or while an earlier attempt still runs, targets
 * the same thing and answers the same instead of waiting out a lock or making a second one.
 */
import type { Knex } from 'knex';
import { beginIdempotentRequest, completeIdempotentRequest, releaseIdempotentRequest } from '../../db';
import type { JsonValue } from '../../domain/audit';
import { ApiError } from '../errors/api-error';

export interface IdempotentAnswer {
  status: number;
  body: JsonValue;
  resourceId?: string;
}

export interface Reservation<R> {
  /** Makes a new reservation (in the transaction that takes the key). */
  reserve: (trx: Knex.Transaction) => Promise<R & JsonValue>;
  /** Reads a stored one back (it is data from the database: check its shape). */
  read: (stored: JsonValue) => R;
}

export interface Reserved<R> {
  value: R;
  /** An earlier attempt made it: that attempt may have done part or all of the work. */
  resumed: boolean;
}

export async function runIdempotent(
  db: Knex,
  key: { scope: string; key: string; requestHash: string },
  run: () => Promise<IdempotentAnswer>,
): Promise<IdempotentAnswer & { replayed: boolean }>;
export async function runIdempotent<R>(
  db: Knex,
  key: { scope: string; key: string; requestHash: string },
  run: (reserved: Reserved<R>) => Promise<IdempotentAnswer>,
  reservation: Reservation<R>,
): Promise<IdempotentAnswer & { replayed: boolean }>;
export async function runIdempotent<R>(
  db: Knex,
  key: { scope: string; key: string; requestHash: string },
  run: (reserved: Reserved<R>) => Promise<IdempotentAnswer>,
  reservation?: Reservation<R>,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  const begun = await beginIdempotentRequest(db, { ...key, ...(reservation ? { reserve: reservation.reserve } : {}) });
  if (begun.state === 'completed')
    return {
      status: begun.status,
      body: begun.body,
      ...(begun.resourceId ? { resourceId: begun.resourceId } : {}),
      replayed: true,
    };
  if (begun.state === 'in-progress')
    throw new ApiError(
      'IDEMPOTENCY_IN_PROGRESS',
      'a request with this Idempotency-Key is still running; retry shortly',
    );
  if (begun.state === 'mismatch')
    throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
  const reserved =
    reservation && begun.reservation !== undefined
      ? { value: reservation.read(begun.reservation), resumed: begun.resumed === true }
      : undefined;
  let answer: IdempotentAnswer;
  try {
    answer = await run(reserved as Reserved<R>);
  } catch (error) {
    // A refusal (4xx) wrote nothing: the key is free again. Any other failure may have happened after
    // the work took effect; a reservation then stays, so the retry finishes that work.
    const refused = error instanceof ApiError && error.status < 500;
    if (!reserved || refused) await releaseIdempotentRequest(db, key.scope, key.key);
    throw error;
  }
  await completeIdempotentRequest(db, {
    scope: key.scope,
    key: key.key,
    status: answer.status,
    body: answer.body,
    ...(answer.resourceId ? { resourceId: answer.resourceId } : {}),
  });
  return { ...answer, replayed: false };
}
