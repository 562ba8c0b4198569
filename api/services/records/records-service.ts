/**
 * The records officer's use cases: the disposition queue (closed cases whose retention period has
 * run out), batch approval (a durable disposition workflow per batch), legal holds on a case or on
 * a search and their release, releasable documents, and the public-records export. Each is audited.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  appendAuditEntries,
  appendAuditEntry,
  createDispositionBatch,
  getCase,
  getDispositionBatch,
  getLegalHold,
  getTombstone,
  listAuditEntries,
  listDispositionBatches,
  listDispositionCandidates,
  listLegalHolds,
  listTombstones,
  placeLegalHold,
  releasableDocumentIds,
  releaseLegalHold,
  searchCasesForHold,
  setDocumentReleasable,
  type DispositionBatch,
  type DispositionCandidate,
  type HoldScope,
  type HoldSearch,
  type LegalHold,
  type Tombstone,
} from '../../../db';
import { PLATFORM_AUDIT_STREAM, type AuditEntryInput } from '../../../domain/audit';
import { disposalDate } from '../../../domain/retention';
import {
  DISPOSITION_WORKFLOW_TYPE,
  dispositionWorkflowId,
  type DispositionBatchInput,
} from '../../../workflows/disposition-contract';
import { can } from '../../auth/access-policy';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { demand, findVisibleCase } from '../case-access';
import type { DefinitionCache } from '../definition-cache';
import type { RequestSource, ServiceDeps } from '../service-deps';
import { buildPublicRecordsPackage, type PackageManifest } from './public-records-package';
import { publicRecordOf, type PublicRecord, type Redaction } from './public-record';
import { principalEntry } from '../case-access';

export interface QueueEntry extends DispositionCandidate {
  disposalDueAt: Date;
}

/** What the staff case page shows of a case's records state (any staff who may read the case). */
export interface CaseRecordsStatus {
  /** Active holds on the case: placed on it, or on a search that matches it. */
  holds: LegalHold[];
  tombstone: Tombstone | undefined;
  /** Ids of its documents marked releasable in public-records exports. */
  releasableDocuments: Set<string>;
  /** Whether the caller may mark documents releasable (records:export). */
  mayMarkReleasable: boolean;
}

export const MAX_BATCH_CASES = 500;
export const MAX_EXPORT_CASES = 100;

export type RecordsSearch = HoldSearch;

export function createRecordsService(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'temporal' | 'taskQueue' | 'documents'> & { definitions: DefinitionCache },
) {
  const entry = (
    principal: Principal,
    source: RequestSource,
    chain: string,
    eventType: string,
    details: AuditEntryInput['details'],
  ): AuditEntryInput => principalEntry(principal, source, deps.clock(), chain, eventType, details);

  function dueEntries(candidates: readonly DispositionCandidate[], now: Date): QueueEntry[] {
    return candidates.flatMap((candidate) => {
      const due = candidate.keep === undefined ? null : disposalDate(candidate.closedAt, candidate.keep);
      return due !== null && due.getTime() <= now.getTime() ? [{ ...candidate, disposalDueAt: due }] : [];
    });
  }

  /** Starts the batch's run; a run already started under its id is left as it is (so this may be repeated). */
  async function startRun(batch: Pick<DispositionBatch, 'id' | 'caseIds'>): Promise<void> {
    const input: DispositionBatchInput = { batchId: batch.id, caseIds: batch.caseIds };
    try {
      await deps.temporal.workflow.start(DISPOSITION_WORKFLOW_TYPE, {
        taskQueue: deps.taskQueue,
        workflowId: dispositionWorkflowId(batch.id),
        args: [input],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  return {
    /** Closed cases due for disposal now (held ones included, marked, and never approvable). */
    async queue(principal: Principal): Promise<QueueEntry[]> {
      demand(principal, 'records:dispose');
      return dueEntries(await listDispositionCandidates(deps.db, { limit: 5000 }), deps.clock());
    },

    /** Approves the ticked cases as one batch and starts its disposition run. */
    async approveBatch(
      principal: Principal,
      approverName: string,
      caseIds: readonly string[],
      source: RequestSource,
    ): Promise<DispositionBatch> {
      demand(principal, 'records:dispose');
      const wanted = [...new Set(caseIds)];
      if (wanted.length === 0)
        throw new ApiError('VALIDATION_FAILED', 'Select at least one case to dispose of', { field: 'case' });
      if (wanted.length > MAX_BATCH_CASES)
        throw new ApiError('VALIDATION_FAILED', `A batch holds at most ${MAX_BATCH_CASES} cases`, { field: 'case' });
      const now = deps.clock();
      const due = dueEntries(
        await listDispositionCandidates(deps.db, { caseIds: wanted, limit: MAX_BATCH_CASES }),
        now,
      );
      const held = due.filter((candidate) => candidate.held);
      if (held.length > 0)
        throw new ApiError(
          'CASE_UNDER_LEGAL_HOLD',
          `${held.map((c) => c.trackingNumber).join(', ')} ${held.length === 1 ? 'is' : 'are'} under legal hold`,
          { cases: held.map((c) => c.caseId) },
        );
      const notDue = wanted.filter((id) => !due.some((candidate) => candidate.caseId === id));
      if (notDue.length > 0)
        throw new ApiError(
          'CASE_NOT_DUE_FOR_DISPOSAL',
          `${notDue.length} of the selected cases ${notDue.length === 1 ? 'is' : 'are'} not due for disposal`,
          { cases: notDue },
        );
      const ordered = due.map((candidate) => candidate.caseId);
      const id = randomUUID();
      const batch = await createDispositionBatch(deps.db, {
        id,
        approvedBy: principal.id,
        approvedByName: approverName,
        approvedAt: now,
        caseIds: ordered,
        audit: entry(principal, source, PLATFORM_AUDIT_STREAM, 'disposition.approved', {
          batchId: id,
          approvedByName: approverName,
          cases: due.map((c) => c.trackingNumber),
        }),
      });
      try {
        await startRun(batch);
      } catch (error) {
        // Approved and recorded, but not started (Temporal unreachable): the batch page offers to start it again.
        throw new ApiError(
          'UNAVAILABLE',
          'The batch is approved but its run could not start; start it again from the batch',
          { batchId: id, cause: error instanceof Error ? error.message : String(error) },
        );
      }
      return batch;
    },

    /** Starts an approved batch's run again if it never started (a crash or outage between approval and start); harmless when it runs or ran. */
    async resumeBatch(principal: Principal, id: string): Promise<DispositionBatch> {
      demand(principal, 'records:dispose');
      const batch = await getDispositionBatch(deps.db, id);
      if (!batch)
        throw new ApiError('DISPOSITION_BATCH_NOT_FOUND', `disposition batch ${id} not found`, { batchId: id });
      if (batch.status === 'running') await startRun(batch);
      return batch;
    },

    async batch(principal: Principal, id: string): Promise<{ batch: DispositionBatch; tombstones: Tombstone[] }> {
      demand(principal, 'records:dispose');
      const batch = await getDispositionBatch(deps.db, id);
      if (!batch)
        throw new ApiError('DISPOSITION_BATCH_NOT_FOUND', `disposition batch ${id} not found`, { batchId: id });
      return { batch, tombstones: await listTombstones(deps.db, { batchId: id, limit: MAX_BATCH_CASES }) };
    },

    async batches(principal: Principal): Promise<DispositionBatch[]> {
      demand(principal, 'records:dispose');
      return listDispositionBatches(deps.db);
    },

    /** Holds one case, or every case a search matches now; audited on each held case and on the platform chain. */
    async placeHold(
      principal: Principal,
      input: { reason: string; caseId?: string; search?: RecordsSearch },
      source: RequestSource,
    ): Promise<{ hold: LegalHold; skipped: string[] }> {
      demand(principal, 'records:hold');
      let scope: HoldScope;
      let caseIds: string[];
      if (input.caseId !== undefined) {
        await findVisibleCase(deps, principal, input.caseId);
        scope = { kind: 'case', caseId: input.caseId };
        caseIds = [input.caseId];
      } else if (input.search !== undefined && Object.keys(input.search).length > 0) {
        scope = { kind: 'search', search: input.search };
        caseIds = await searchCasesForHold(deps.db, input.search);
      } else {
        throw new ApiError('VALIDATION_FAILED', 'Say which case or which search the hold is on', { field: 'caseId' });
      }
      return placeLegalHold(deps.db, {
        reason: input.reason,
        scope,
        caseIds,
        placedBy: principal.id,
        now: deps.clock(),
        audit: (hold) => [
          ...hold.caseIds.map((caseId) =>
            entry(principal, source, caseId, 'legal-hold.placed', { holdId: hold.id, reason: hold.reason }),
          ),
          entry(principal, source, PLATFORM_AUDIT_STREAM, 'legal-hold.placed', {
            holdId: hold.id,
            reason: hold.reason,
            scope: hold.scope as unknown as AuditEntryInput['details'],
            cases: hold.caseIds.length,
          }),
        ],
      });
    },

    async releaseHold(principal: Principal, holdId: string, reason: string, source: RequestSource): Promise<LegalHold> {
      demand(principal, 'records:hold');
      // A search hold also kept the cases that came to match it later: their records say it ended too.
      const placed = await getLegalHold(deps.db, holdId);
      const matching =
        placed?.scope.kind === 'search' && placed.releasedAt === null
          ? await searchCasesForHold(deps.db, placed.scope.search)
          : [];
      const released = await releaseLegalHold(deps.db, {
        id: holdId,
        releasedBy: principal.id,
        reason,
        now: deps.clock(),
        audit: (hold) => [
          ...[...new Set([...hold.caseIds, ...matching])].map((caseId) =>
            entry(principal, source, caseId, 'legal-hold.released', { holdId: hold.id, reason }),
          ),
          entry(principal, source, PLATFORM_AUDIT_STREAM, 'legal-hold.released', {
            holdId: hold.id,
            reason,
            cases: new Set([...hold.caseIds, ...matching]).size,
          }),
        ],
      });
      if (!released) throw new ApiError('LEGAL_HOLD_NOT_FOUND', `legal hold ${holdId} not found`, { holdId });
      return released.hold;
    },

    async holds(principal: Principal, options: { active?: boolean; caseId?: string } = {}): Promise<LegalHold[]> {
      demand(principal, 'records:hold');
      return listLegalHolds(deps.db, options);
    },

    async hold(principal: Principal, id: string): Promise<LegalHold> {
      demand(principal, 'records:hold');
      const hold = await getLegalHold(deps.db, id);
      if (!hold) throw new ApiError('LEGAL_HOLD_NOT_FOUND', `legal hold ${id} not found`, { holdId: id });
      return hold;
    },

    /** A case's active holds, tombstone and releasable documents, for whoever may read the case (CASE_NOT_FOUND otherwise). */
    async caseStatus(principal: Principal, caseId: string): Promise<CaseRecordsStatus> {
      await findVisibleCase(deps, principal, caseId);
      const [holds, tombstone, releasableDocuments] = await Promise.all([
        listLegalHolds(deps.db, { active: true, caseId }),
        getTombstone(deps.db, caseId),
        releasableDocumentIds(deps.db, caseId),
      ]);
      return { holds, tombstone, releasableDocuments, mayMarkReleasable: can(principal, 'records:export') };
    },

    /** Marks a document releasable (or not) in public-records exports; audited on its case. */
    // `onCase`: the case the caller named (the case page's URL); a document of another case is not found.
    async setReleasable(
      principal: Principal,
      documentId: string,
      releasable: boolean,
      source: RequestSource,
      onCase?: string,
    ): Promise<void> {
      demand(principal, 'records:export');
      const meta = await deps.documents.getMeta(documentId);
      if (!meta || (onCase !== undefined && meta.caseId !== onCase))
        throw new ApiError('DOCUMENT_NOT_FOUND', `document ${documentId} not found`, { documentId });
      await findVisibleCase(deps, principal, meta.caseId);
      // The mark and its audit entry commit together: no unaudited change of what a public export releases.
      await deps.db.transaction(async (trx) => {
        await setDocumentReleasable(trx, documentId, releasable);
        await appendAuditEntry(
          trx,
          entry(principal, source, meta.caseId, 'document-releasability-set', { documentId, releasable }),
        );
      });
    },

    /** The public-records package of the given cases, or of every case a search matches (at most 100). */
    async exportPackage(
      principal: Principal,
      input: { caseIds?: readonly string[]; search?: RecordsSearch },
      source: RequestSource,
    ): Promise<{ zip: Buffer; manifest: PackageManifest; redactions: Redaction[] }> {
      demand(principal, 'records:export');
      const ids =
        input.caseIds !== undefined
          ? [...new Set(input.caseIds)]
          : input.search !== undefined
            ? await searchCasesForHold(deps.db, input.search)
            : [];
      if (ids.length === 0)
        throw new ApiError('VALIDATION_FAILED', 'No case matches: say which cases to export', { field: 'cases' });
      if (ids.length > MAX_EXPORT_CASES)
        throw new ApiError(
          'VALIDATION_FAILED',
          `An export holds at most ${MAX_EXPORT_CASES} cases; narrow the search`,
          { field: 'cases' },
        );
      const records: PublicRecord[] = [];
      const redactions: Redaction[] = [];
      const documents: { file: string; content: Buffer }[] = [];
      for (const caseId of ids) {
        const found = await findVisibleCase(deps, principal, caseId);
        const record = (await getCase(deps.db, found.id)) ?? found;
        const definition = await deps.definitions.get(record.definitionId, record.definitionVersion);
        const releasable = await releasableDocumentIds(deps.db, caseId);
        const metas = await deps.documents.listForCase(caseId);
        const built = publicRecordOf(
          record,
          definition,
          metas.map((m) => ({ ...m, releasable: releasable.has(m.id) })),
          await listAuditEntries(deps.db, caseId, { limit: 5000 }),
        );
        for (const released of built.record.documents)
          documents.push({ file: released.file, content: (await deps.documents.read(released.id)).content });
        records.push(built.record);
        redactions.push(...built.redactions);
      }
      const generatedAt = deps.clock();
      const title =
        records.length === 1
          ? `Public record of case ${records[0].trackingNumber}`
          : `Public records of ${records.length} cases`;
      const built = await buildPublicRecordsPackage({ title, generatedAt, records, redactions, documents });
      const manifestHashes = built.manifest.files.map((file) => `${file.path}:${file.sha256}`);
      await appendAuditEntries(deps.db, [
        ...ids.map((caseId) =>
          entry(principal, source, caseId, 'records.exported', {
            what: 'public-records package',
            withheld: redactions.filter((r) => r.trackingNumber === records[ids.indexOf(caseId)].trackingNumber).length,
          }),
        ),
        entry(principal, source, PLATFORM_AUDIT_STREAM, 'records.exported', {
          what: 'public-records package',
          cases: records.map((r) => r.trackingNumber),
          files: manifestHashes,
        }),
      ]);
      return { ...built, redactions };
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
