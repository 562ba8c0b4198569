/**
 * Runs a creating request at most once per Idempotency-Key (per caller scope): a retry with the same
 * body gets the first answer, the same key with another body is refused, a retry while the first
 * still runs is told so. Shared by the case API and Open311 POST requests.
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

export async function runIdempotent(db: Knex, key: { scope: string; key: string; requestHash: string }, run: () => Promise<IdempotentAnswer>): Promise<IdempotentAnswer & { replayed: boolean }> {
  const begun = await beginIdempotentRequest(db, key);
  if (begun.state === 'completed') return { status: begun.status, body: begun.body, ...(begun.resourceId ? { resourceId: begun.resourceId } : {}), replayed: true };
  if (begun.state === 'in-progress') throw new ApiError('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still running; retry shortly');
  if (begun.state === 'mismatch') throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
  let answer: IdempotentAnswer;
  try {
    answer = await run();
  } catch (error) {
    await releaseIdempotentRequest(db, key.scope, key.key);
    throw error;
  }
  await completeIdempotentRequest(db, { scope: key.scope, key: key.key, status: answer.status, body: answer.body, ...(answer.resourceId ? { resourceId: answer.resourceId } : {}) });
  return { ...answer, replayed: false };
}
