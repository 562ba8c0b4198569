/**
 * Records management tables (migration 0015-records): legal holds, disposition batches and the
 * tombstones disposed cases leave. `disposeCase` is the one place a case's personal data and
 * document contents are removed: one transaction, so a case is either untouched or fully a tombstone.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuditEntryInput, JsonObject } from '../../domain/audit';
import { DbError } from '../errors';
import { appendAuditEntry } from './audit.repository';
import { jsonb } from './db-values';

/** Larger than any projection sequence a workflow can reach, so no late projection rewrites a tombstone. */
const DISPOSED_PROJECTION_SEQ = 2_147_483_647;

/** What a closed case is known by once its content may go: the tombstone's core. */
export interface ClosedCaseSummary {
  caseId: string;
  trackingNumber: string;
  definitionId: string;
  definitionVersion: string;
  departmentId: string | null;
  outcome: string | null;
  retentionClass: string;
  createdAt: Date;
  closedAt: Date;
}

export interface DispositionCandidate extends ClosedCaseSummary {
  /** The class's `keep` in the case's definition version (undefined: the class is missing there). */
  keep: string | undefined;
  held: boolean;
}

/** The summary's columns, as `cases` and `case_tombstones` both name them. */
interface ClosedCaseColumns {
  tracking_number: string;
  definition_id: string;
  definition_version: string;
  department_id: string | null;
  outcome: string | null;
  retention_class: string;
  created_at: Date;
  closed_at: Date;
}

interface CandidateRow extends ClosedCaseColumns {
  id: string;
  keep: string | null;
  held: boolean;
}

/**
 * Whether the search of hold `h` matches case `c` now (the same filters as `searchCasesForHold`):
 * a search hold also keeps cases that came to match it after it was placed, because the duty to
 * preserve covers every record the hold describes, not a snapshot of them.
 */
const searchHoldMatches = (h: string): string => `${h}.scope->>'kind' = 'search'
  and (${h}.scope->'search'->>'definitionId' is null or ${h}.scope->'search'->>'definitionId' = c.definition_id)
  and (${h}.scope->'search'->'trackingNumbers' is null or ${h}.scope->'search'->'trackingNumbers' @> to_jsonb(c.tracking_number))
  and (${h}.scope->'search'->>'createdFrom' is null or c.created_at >= (${h}.scope->'search'->>'createdFrom')::timestamptz)
  and (${h}.scope->'search'->>'createdTo' is null or c.created_at < (${h}.scope->'search'->>'createdTo')::timestamptz)`;

/** An active hold names case `c` (on the case, or a search that listed it when placed) or its search matches `c` now. */
const ACTIVE_HOLD_EXISTS = `(exists (select 1 from legal_hold_cases lhc join legal_holds lh on lh.id = lhc.hold_id
  where lhc.case_id = c.id and lh.released_at is null)
  or exists (select 1 from legal_holds sh where sh.released_at is null and ${searchHoldMatches('sh')}))`;

/** Closed cases not yet disposed of, with their class's period and whether a hold keeps them; oldest closing first. */
export async function listDispositionCandidates(
  db: Knex,
  options: { caseIds?: readonly string[]; limit?: number } = {},
): Promise<DispositionCandidate[]> {
  const query = db('cases as c')
    .join('definitions as d', function joinDefinition() {
      this.on('d.id', '=', 'c.definition_id').andOn('d.version', '=', 'c.definition_version');
    })
    .whereNotNull('c.closed_at')
    .whereNotNull('c.retention_class')
    .whereNull('c.disposed_at')
    .select(
      'c.id',
      'c.tracking_number',
      'c.definition_id',
      'c.definition_version',
      'c.department_id',
      'c.outcome',
      'c.retention_class',
      'c.created_at',
      'c.closed_at',
      db.raw("d.compiled -> 'retentionClasses' -> c.retention_class ->> 'keep' as keep"),
      db.raw(`${ACTIVE_HOLD_EXISTS} as held`),
    )
    .orderBy([{ column: 'c.closed_at' }, { column: 'c.id' }])
    .limit(Math.min(Math.max(options.limit ?? 500, 1), 5000));
  if (options.caseIds !== undefined) void query.whereIn('c.id', [...options.caseIds]);
  const rows = (await query) as CandidateRow[];
  return rows.map((row) => ({
    caseId: row.id,
    trackingNumber: row.tracking_number,
    definitionId: row.definition_id,
    definitionVersion: row.definition_version,
    departmentId: row.department_id,
    outcome: row.outcome,
    retentionClass: row.retention_class,
    keep: row.keep ?? undefined,
    createdAt: new Date(row.created_at),
    closedAt: new Date(row.closed_at),
    held: row.held,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Legal holds

/** What a search hold matched on (kept with the hold so the auditor sees what was held and why). */
export interface HoldSearch {
  definitionId?: string;
  trackingNumbers?: string[];
  createdFrom?: string;
  createdTo?: string;
}

export type HoldScope = { kind: 'case'; caseId: string } | { kind: 'search'; search: HoldSearch };

export interface LegalHold {
  id: string;
  reason: string;
  scope: HoldScope;
  caseIds: string[];
  placedBy: string;
  placedAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
  releaseReason: string | null;
}

interface HoldRow {
  id: string;
  reason: string;
  scope: HoldScope;
  placed_by: string;
  placed_at: Date;
  released_by: string | null;
  released_at: Date | null;
  release_reason: string | null;
  case_ids: string[] | null;
}

function toHold(row: HoldRow): LegalHold {
  return {
    id: row.id,
    reason: row.reason,
    scope: row.scope,
    caseIds: (row.case_ids ?? []).filter((id) => id !== null).sort(),
    placedBy: row.placed_by,
    placedAt: new Date(row.placed_at),
    releasedBy: row.released_by,
    releasedAt: row.released_at ? new Date(row.released_at) : null,
    releaseReason: row.release_reason,
  };
}

/** Case ids a hold search matches now (not disposed cases: nothing is left to hold). */
export async function searchCasesForHold(db: Knex, search: HoldSearch, limit = 5000): Promise<string[]> {
  const query = db('cases').whereNull('disposed_at').select('id').orderBy('id').limit(limit);
  if (search.definitionId !== undefined) void query.where('definition_id', search.definitionId);
  if (search.trackingNumbers !== undefined) void query.whereIn('tracking_number', search.trackingNumbers);
  if (search.createdFrom !== undefined) void query.where('created_at', '>=', new Date(search.createdFrom));
  if (search.createdTo !== undefined) void query.where('created_at', '<', new Date(search.createdTo));
  return ((await query) as { id: string }[]).map((row) => row.id);
}

/**
 * Places a hold on the given cases. Their rows are locked first, as disposal locks them, so a hold
 * and a disposal of the same case never interleave: the case is held before, or disposed before.
 * Cases already disposed of are left out (answered in `skipped`).
 */
export async function placeLegalHold(
  db: Knex,
  input: {
    reason: string;
    scope: HoldScope;
    caseIds: readonly string[];
    placedBy: string;
    now: Date;
    audit: (hold: LegalHold) => AuditEntryInput[];
  },
): Promise<{ hold: LegalHold; skipped: string[] }> {
  return db.transaction(async (trx) => {
    const rows = await trx<{ id: string; disposed_at: Date | null }>('cases')
      .whereIn('id', [...input.caseIds])
      .orderBy('id')
      .forUpdate()
      .select('id', 'disposed_at');
    const holdable = rows.filter((row) => row.disposed_at === null).map((row) => row.id);
    const skipped = input.caseIds.filter((id) => !holdable.includes(id));
    const id = randomUUID();
    await trx('legal_holds').insert({
      id,
      reason: input.reason,
      scope: jsonb(input.scope as unknown as JsonObject),
      placed_by: input.placedBy,
      placed_at: input.now,
    });
    if (holdable.length > 0)
      await trx('legal_hold_cases').insert(holdable.map((caseId) => ({ hold_id: id, case_id: caseId })));
    const hold: LegalHold = {
      id,
      reason: input.reason,
      scope: input.scope,
      caseIds: [...holdable].sort(),
      placedBy: input.placedBy,
      placedAt: input.now,
      releasedBy: null,
      releasedAt: null,
      releaseReason: null,
    };
    for (const entry of input.audit(hold)) await appendAuditEntry(trx, entry);
    return { hold, skipped };
  });
}

function holdQuery(db: Knex): Knex.QueryBuilder {
  return db('legal_holds as h')
    .select('h.*', db.raw('array_agg(lhc.case_id order by lhc.case_id) as case_ids'))
    .leftJoin('legal_hold_cases as lhc', 'lhc.hold_id', 'h.id')
    .groupBy('h.id');
}

export async function getLegalHold(db: Knex, id: string): Promise<LegalHold | undefined> {
  const row = (await holdQuery(db).where('h.id', id).first()) as HoldRow | undefined;
  return row ? toHold(row) : undefined;
}

/** Holds, newest first: active ones only, or all; optionally those holding one case (listed on it, or a search matching it now). */
export async function listLegalHolds(
  db: Knex,
  options: { active?: boolean; caseId?: string } = {},
): Promise<LegalHold[]> {
  const query = holdQuery(db)
    .orderBy([{ column: 'h.placed_at', order: 'desc' }, { column: 'h.id' }])
    .limit(500);
  if (options.active === true) void query.whereNull('h.released_at');
  if (options.caseId !== undefined) {
    const caseId = options.caseId;
    void query.where((holds) => {
      void holds
        .whereExists(
          db('legal_hold_cases as x').select(db.raw('1')).whereRaw('x.hold_id = h.id and x.case_id = ?', [caseId]),
        )
        .orWhereExists(
          db('cases as c')
            .select(db.raw('1'))
            .whereRaw(`c.id = ? and ${searchHoldMatches('h')}`, [caseId]),
        );
    });
  }
  return ((await query) as HoldRow[]).map(toHold);
}

/** Releases an active hold (undefined when no such hold; a released hold is answered as it is, unchanged). */
export async function releaseLegalHold(
  db: Knex,
  input: { id: string; releasedBy: string; reason: string; now: Date; audit: (hold: LegalHold) => AuditEntryInput[] },
): Promise<{ hold: LegalHold; released: boolean } | undefined> {
  return db.transaction(async (trx) => {
    const updated = await trx('legal_holds')
      .where({ id: input.id })
      .whereNull('released_at')
      .update({ released_by: input.releasedBy, released_at: input.now, release_reason: input.reason });
    const hold = await getLegalHold(trx, input.id);
    if (!hold) return undefined;
    if (updated === 0) return { hold, released: false };
    for (const entry of input.audit(hold)) await appendAuditEntry(trx, entry);
    return { hold, released: true };
  });
}

// ---------------------------------------------------------------------------------------------------
// Disposition batches and tombstones

export type DisposalResult = 'disposed' | 'already-disposed' | 'held' | 'not-due';

export interface DispositionBatch {
  id: string;
  approvedBy: string;
  approvedByName: string;
  approvedAt: Date;
  caseIds: string[];
  status: 'running' | 'completed';
  results: Record<string, DisposalResult> | null;
  completedAt: Date | null;
}

interface BatchRow {
  id: string;
  approved_by: string;
  approved_by_name: string;
  approved_at: Date;
  case_ids: string[];
  status: 'running' | 'completed';
  results: Record<string, DisposalResult> | null;
  completed_at: Date | null;
}

function toBatch(row: BatchRow): DispositionBatch {
  return {
    id: row.id,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
    approvedAt: new Date(row.approved_at),
    caseIds: row.case_ids,
    status: row.status,
    results: row.results,
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
  };
}

export async function createDispositionBatch(
  db: Knex,
  input: {
    id: string;
    approvedBy: string;
    approvedByName: string;
    approvedAt: Date;
    caseIds: readonly string[];
    audit: AuditEntryInput;
  },
): Promise<DispositionBatch> {
  return db.transaction(async (trx) => {
    const [row] = (await trx('disposition_batches')
      .insert({
        id: input.id,
        approved_by: input.approvedBy,
        approved_by_name: input.approvedByName,
        approved_at: input.approvedAt,
        case_ids: jsonb([...input.caseIds]),
      })
      .returning('*')) as BatchRow[];
    await appendAuditEntry(trx, input.audit);
    return toBatch(row);
  });
}

export async function getDispositionBatch(db: Knex, id: string): Promise<DispositionBatch | undefined> {
  const row = (await db('disposition_batches').where({ id }).first()) as BatchRow | undefined;
  return row ? toBatch(row) : undefined;
}

export async function listDispositionBatches(db: Knex, limit = 50): Promise<DispositionBatch[]> {
  return (
    (await db('disposition_batches')
      .orderBy([{ column: 'approved_at', order: 'desc' }, { column: 'id' }])
      .limit(limit)) as BatchRow[]
  ).map(toBatch);
}

/** Marks a batch done with each case's result (idempotent: a repeat writes the same). */
export async function completeDispositionBatch(
  db: Knex,
  id: string,
  results: Record<string, DisposalResult>,
  now: Date,
): Promise<void> {
  await db('disposition_batches')
    .where({ id })
    .update({ status: 'completed', results: jsonb(results), completed_at: db.raw('coalesce(completed_at, ?)', [now]) });
}

export interface Tombstone extends ClosedCaseSummary {
  disposalDueAt: Date;
  disposedAt: Date;
  batchId: string;
  approvedBy: string;
  approvedByName: string;
  documentsRemoved: number;
}

interface TombstoneRow extends ClosedCaseColumns {
  case_id: string;
  disposal_due_at: Date;
  disposed_at: Date;
  batch_id: string;
  approved_by: string;
  approved_by_name: string;
  documents_removed: number;
  document_paths: string[];
}

function toTombstone(row: TombstoneRow): Tombstone {
  return {
    caseId: row.case_id,
    trackingNumber: row.tracking_number,
    definitionId: row.definition_id,
    definitionVersion: row.definition_version,
    departmentId: row.department_id,
    outcome: row.outcome,
    retentionClass: row.retention_class,
    createdAt: new Date(row.created_at),
    closedAt: new Date(row.closed_at),
    disposalDueAt: new Date(row.disposal_due_at),
    disposedAt: new Date(row.disposed_at),
    batchId: row.batch_id,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
    documentsRemoved: row.documents_removed,
  };
}

export async function getTombstone(db: Knex, caseId: string): Promise<Tombstone | undefined> {
  const row = (await db('case_tombstones').where({ case_id: caseId }).first()) as TombstoneRow | undefined;
  return row ? toTombstone(row) : undefined;
}

export async function listTombstones(
  db: Knex,
  options: { batchId?: string; limit?: number } = {},
): Promise<Tombstone[]> {
  const query = db('case_tombstones')
    .orderBy([{ column: 'disposed_at', order: 'desc' }, { column: 'case_id' }])
    .limit(Math.min(options.limit ?? 200, 1000));
  if (options.batchId !== undefined) void query.where({ batch_id: options.batchId });
  return ((await query) as TombstoneRow[]).map(toTombstone);
}

export interface DisposeCaseInput {
  caseId: string;
  batch: Pick<DispositionBatch, 'id' | 'approvedBy' | 'approvedByName' | 'approvedAt'>;
  now: Date;
  /** The disposal date of this case, or null when it is not due at the batch's approval (re-checked here under the row lock). */
  dueAt: (candidate: DispositionCandidate) => Date | null;
  audit: (tombstone: Tombstone) => AuditEntryInput;
}

export interface DisposeCaseOutcome {
  result: DisposalResult;
  /** Disk files to remove (every time, also for an already disposed case: a crash may have left them). */
  documentPaths: string[];
}

/**
 * Disposes of one case, once: under the case row's lock it re-checks hold and due date, writes the
 * tombstone, strips the read model of personal data, deletes the documents (rows; their disk files
 * are returned for the caller to remove), the outbox messages and open tasks, and appends the audit
 * entry — all in one transaction. A repeat finds the tombstone and changes nothing.
 */
export async function disposeCase(db: Knex, input: DisposeCaseInput): Promise<DisposeCaseOutcome> {
  return db.transaction(async (trx) => {
    const locked = (await trx('cases').where({ id: input.caseId }).forUpdate().select('id').first()) as
      { id: string } | undefined;
    if (!locked) throw new DbError('CASE_NOT_FOUND', `case ${input.caseId} not found`, { caseId: input.caseId });
    const existing = (await trx('case_tombstones').where({ case_id: input.caseId }).first()) as
      TombstoneRow | undefined;
    if (existing) return { result: 'already-disposed', documentPaths: existing.document_paths };
    const [candidate] = await listDispositionCandidates(trx, { caseIds: [input.caseId] });
    if (!candidate) return { result: 'not-due', documentPaths: [] };
    if (candidate.held) return { result: 'held', documentPaths: [] };
    const dueAt = input.dueAt(candidate);
    if (dueAt === null) return { result: 'not-due', documentPaths: [] };

    const documents = await trx<{ case_id: string; storage_path: string | null }>('documents')
      .where({ case_id: input.caseId })
      .select('storage_path');
    const documentPaths = documents.flatMap((doc) => (doc.storage_path ? [doc.storage_path] : []));
    const row: TombstoneRow = {
      case_id: candidate.caseId,
      tracking_number: candidate.trackingNumber,
      definition_id: candidate.definitionId,
      definition_version: candidate.definitionVersion,
      department_id: candidate.departmentId,
      outcome: candidate.outcome,
      retention_class: candidate.retentionClass,
      created_at: candidate.createdAt,
      closed_at: candidate.closedAt,
      disposal_due_at: dueAt,
      disposed_at: input.now,
      batch_id: input.batch.id,
      approved_by: input.batch.approvedBy,
      approved_by_name: input.batch.approvedByName,
      documents_removed: documents.length,
      document_paths: documentPaths,
    };
    await trx('case_tombstones').insert({ ...row, document_paths: jsonb(documentPaths) });
    await trx('cases')
      .where({ id: input.caseId })
      .update({
        case_data: jsonb({}),
        resident_contact: null,
        verification_code_hash: null,
        title: null,
        current_steps: jsonb([]),
        assignee_id: null,
        description: null,
        lat: null,
        long: null,
        address_string: null,
        address_id: null,
        zipcode: null,
        media_url: null,
        status_notes: null,
        service_notice: null,
        open311_token: null,
        projection_seq: DISPOSED_PROJECTION_SEQ,
        disposed_at: input.now,
      });
    await trx('documents').where({ case_id: input.caseId }).delete();
    await trx('notifications').where({ case_id: input.caseId }).delete();
    await trx('tasks').where({ case_id: input.caseId }).delete();
    await appendAuditEntry(trx, input.audit(toTombstone(row)));
    return { result: 'disposed', documentPaths };
  });
}

/** Marks a document as one a public-records export may release (or not). */
export async function setDocumentReleasable(
  db: Knex,
  documentId: string,
  releasable: boolean,
): Promise<{ caseId: string } | undefined> {
  const [row] = await db<{ id: string; case_id: string; releasable: boolean }>('documents')
    .where({ id: documentId })
    .update({ releasable })
    .returning('case_id');
  return row ? { caseId: row.case_id } : undefined;
}

/** Ids of a case's documents marked releasable. */
export async function releasableDocumentIds(db: Knex, caseId: string): Promise<Set<string>> {
  const rows = await db<{ id: string; case_id: string; releasable: boolean }>('documents')
    .where({ case_id: caseId, releasable: true })
    .select('id');
  return new Set(rows.map((row) => row.id));
}
