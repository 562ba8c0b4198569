/**
 * Start-up repair for creates an earlier version left half-done: it inserted the case row, then
 * started the workflow, so a crash in between left an "open" case with no workflow (counted in the
 * backlog, absent from work lists, 500 on a comment). Creates now start the workflow first and let it
 * write the row, so this finds nothing new; it removes the old ones. Nobody was told their tracking
 * number (the answer comes after the start), so the row is removed — and the removal, with what the
 * row held, goes on the platform audit chain.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import { appendAuditEntry, listUnprojectedCases, removeUnprojectedCase } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';

export interface OrphanSweep {
  checked: number;
  removed: string[];
  /** Rows whose workflow exists (it has not projected yet) or could not be asked about. */
  kept: string[];
}

async function hasWorkflow(temporal: Client, caseId: string): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(caseId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/** `graceMs`: rows younger than this are left alone (another API instance may be between the two steps). */
export async function removeOrphanCases(
  deps: { db: Knex; temporal: Client; clock: () => Date },
  options: { graceMs?: number } = {},
): Promise<OrphanSweep> {
  const now = deps.clock();
  const candidates = await listUnprojectedCases(deps.db, new Date(now.getTime() - (options.graceMs ?? 120_000)));
  const sweep: OrphanSweep = { checked: candidates.length, removed: [], kept: [] };
  for (const record of candidates) {
    let orphan = false;
    try {
      orphan = !(await hasWorkflow(deps.temporal, record.id));
    } catch {
      orphan = false;
    }
    if (!orphan) {
      sweep.kept.push(record.id);
      continue;
    }
    await deps.db.transaction(async (trx) => {
      if (!(await removeUnprojectedCase(trx, record.id))) return;
      await appendAuditEntry(trx, {
        caseId: PLATFORM_AUDIT_STREAM,
        actor: { id: 'civicflow-recovery', kind: 'system' },
        occurredAt: now,
        eventType: 'case.orphan-removed',
        details: {
          caseId: record.id,
          trackingNumber: record.trackingNumber,
          definition: `${record.definitionId}@${record.definitionVersion}`,
          channel: record.channel,
          registeredAt: record.createdAt.toISOString(),
          reason: 'the case row was registered but its workflow never started',
        },
        source: { channel: 'system' },
      });
      sweep.removed.push(record.id);
    });
  }
  return sweep;
}
