/**
 * Disposition: dispose of one case of an approved batch (db/ `disposeCase`: one transaction, once),
 * then remove the disk files of its documents. The files are removed on every attempt, including a
 * repeat after the tombstone was committed, so a crash between the commit and the removal leaves none.
 */
import { Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { completeDispositionBatch, disposeCase, getDispositionBatch } from '../db';
import { disposalDate } from '../domain/retention';
import type { DispositionActivities } from '../workflows/disposition-contract';
import { removeDocumentFiles } from './document-files';

export interface DispositionActivityDeps {
  db: Knex;
  /** Root of disk-stored document content (config DOCUMENT_DIR); without it disk files cannot be removed. */
  documentDir?: string;
  clock?: () => Date;
}

/** The running batch's workflow id, for the audit entry's source (the activity context knows it). */
function workflowOf(): { workflowId?: string } {
  const workflowId = Context.current().info.workflowExecution?.workflowId;
  return workflowId ? { workflowId } : {};
}

export function createDispositionActivities(deps: DispositionActivityDeps): DispositionActivities {
  const clock = deps.clock ?? (() => new Date());
  return {
    async disposeCase({ batchId, caseId }) {
      const batch = await getDispositionBatch(deps.db, batchId);
      if (!batch) throw new Error(`disposition batch ${batchId} not found`);
      const outcome = await disposeCase(deps.db, {
        caseId,
        batch,
        now: clock(),
        // Due at the approval, as the records officer saw it: the period of the case's own class.
        dueAt: (candidate) => {
          const due = candidate.keep === undefined ? null : disposalDate(candidate.closedAt, candidate.keep);
          return due !== null && due.getTime() <= batch.approvedAt.getTime() ? due : null;
        },
        audit: (tombstone) => ({
          caseId,
          actor: { id: batch.approvedBy, kind: 'staff' },
          occurredAt: tombstone.disposedAt,
          eventType: 'case.disposed',
          details: {
            batchId,
            approvedBy: batch.approvedBy,
            approvedByName: batch.approvedByName,
            retentionClass: tombstone.retentionClass,
            disposalDueAt: tombstone.disposalDueAt.toISOString(),
            documentsRemoved: tombstone.documentsRemoved,
          },
          source: { channel: 'workflow', ...workflowOf() },
          idempotencyKey: `case.disposed:${caseId}`,
        }),
      });
      await removeDocumentFiles(deps.documentDir, outcome.documentPaths);
      return outcome.result;
    },
    async completeDispositionBatch({ batchId, results }) {
      await completeDispositionBatch(deps.db, batchId, results, clock());
    },
  };
}
