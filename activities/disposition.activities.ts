/**
 * Disposition: dispose of one case of an approved batch (db/ `disposeCase`: one transaction, once),
 * then remove the disk files of its documents. The files are removed on every attempt, including a
 * repeat after the tombstone was committed, so a crash between the commit and the removal leaves none.
 */
import { rm } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import * as path from 'node:path';
import type { Knex } from 'knex';
import { completeDispositionBatch, disposeCase, getDispositionBatch } from '../db';
import { disposalDate } from '../domain/retention';
import type { DispositionActivities } from '../workflows/disposition-contract';

export interface DispositionActivityDeps {
  db: Knex;
  /** Root of disk-stored document content (config DOCUMENT_DIR); without it disk files cannot be removed. */
  documentDir?: string;
  clock?: () => Date;
}

async function removeFiles(documentDir: string | undefined, relativePaths: readonly string[]): Promise<void> {
  if (relativePaths.length === 0) return;
  if (documentDir === undefined) throw new Error('disposal must remove document files but the worker has no document directory configured');
  const root = path.resolve(documentDir);
  for (const relative of relativePaths) {
    const target = path.resolve(root, relative);
    if (!target.startsWith(root + path.sep)) throw new Error(`document path ${relative} leaves the document directory`);
    await rm(target, { force: true });
  }
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
      await removeFiles(deps.documentDir, outcome.documentPaths);
      return outcome.result;
    },
    async completeDispositionBatch({ batchId, results }) {
      await completeDispositionBatch(deps.db, batchId, results, clock());
    },
  };
}
