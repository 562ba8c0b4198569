/**
 * What one recorded workflow step writes: its read-model projection and its audit entries, atomically
 * and in as few round trips as the guarantees allow (issue 12): the projection shares its statement
 * with the audit chains' locks and head read, so a step with both is BEGIN, that statement, the
 * entries' insert and COMMIT; a step with only one of them is that one's own write.
 */
import type { Knex } from 'knex';
import type { AuditEntryInput } from '../../domain/audit';
import type { CaseProjection } from '../../domain/case';
import { appendAuditEntries, appendAuditEntriesAfter, type AppendResult } from './audit.repository';
import { applyCaseProjection, caseProjectionCall, type ProjectionResult } from './cases.repository';

export interface CaseStepWritten {
  projection: ProjectionResult | 'none';
  audit: AppendResult[];
}

/**
 * The case row first (the projection's upsert locks it), then the chains' locks: the order disposition
 * takes them in, so the two never deadlock. The entries are appended whether the projection applies
 * or is stale (a retry's entries find their idempotency keys and add nothing).
 */
export async function writeCaseStep(
  db: Knex,
  projection: CaseProjection | undefined,
  entries: readonly AuditEntryInput[],
): Promise<CaseStepWritten> {
  if (entries.length === 0)
    return { projection: projection ? await applyCaseProjection(db, projection) : 'none', audit: [] };
  if (!projection) return { projection: 'none', audit: await appendAuditEntries(db, entries) };
  const { first, results } = await appendAuditEntriesAfter(db, entries, caseProjectionCall(projection));
  return { projection: first as ProjectionResult, audit: results };
}
