/**
 * Change fingerprints of case lists and worklists, cheap enough to answer every refresh of a live
 * work list: the rows the list would show, read through the same query as the list (the same
 * keyset index; a few dozen to a few hundred narrow rows, whatever the number of cases), never an
 * aggregate over every matching row. Any projection of a case raises its projection sequence and
 * its updated_at (and rewrites its open tasks).
 *
 * A case entering, leaving or moving on the page, a change to a shown case or task, and time passing
 * a shown due date all change the fingerprint; a change to a case on no shown row leaves the page,
 * and so its tag, as it was. A case page also covers the row after it, which decides the next cursor.
 */
import type { Knex } from 'knex';
import {
  casePageQuery,
  readCasePage,
  runCasePageQuery,
  type CaseListPage,
  type CaseListRequest,
} from './case-list.query';
import { readWorklist, worklistPageQuery, type WorklistFilter, type WorklistItem } from './tasks.repository';

/** One entry per row of the page (and the extra row): id, projection sequence, updated_at text, overdue at `now`. */
export type PageFingerprint = { rows: string[] };

interface FingerprintRow {
  id: string;
  projection_seq: number;
  fingerprint_updated: string;
  fingerprint_overdue: boolean;
  cursor_key: string;
}

/** The columns a case row's fingerprint entry needs beyond id, projection_seq and cursor_key. */
function fingerprintColumns(db: Knex, now: Date): Knex.Raw[] {
  return [
    db.raw('updated_at::text as fingerprint_updated'),
    db.raw('coalesce(closed_at is null and (sla_due_at < ? or statutory_due_at < ?), false) as fingerprint_overdue', [
      now,
      now,
    ]),
  ];
}

function fingerprintOf(rows: readonly FingerprintRow[]): PageFingerprint {
  return {
    rows: rows.map(
      (row) =>
        `${row.id} ${row.projection_seq} ${row.fingerprint_updated} ${row.cursor_key} ${row.fingerprint_overdue ? 1 : 0}`,
    ),
  };
}

/** The fingerprint alone, from narrow rows: what a refresh asking "has it changed?" reads. */
export async function casePageFingerprint(db: Knex, request: CaseListRequest, now: Date): Promise<PageFingerprint> {
  const { query } = casePageQuery(db, request, ['id', 'projection_seq', ...fingerprintColumns(db, now)]);
  return fingerprintOf(await runCasePageQuery<FingerprintRow>(query, request));
}

/** The page and its fingerprint from one read, so the tag sent with a list describes exactly the rows shown. */
export async function listCasesWithFingerprint(
  db: Knex,
  request: CaseListRequest,
  now: Date,
): Promise<CaseListPage & { fingerprint: PageFingerprint }> {
  const { page, rows } = await readCasePage<Omit<FingerprintRow, 'id' | 'projection_seq' | 'cursor_key'>>(
    db,
    request,
    fingerprintColumns(db, now),
  );
  return { ...page, fingerprint: fingerprintOf(rows) };
}

interface WorklistFingerprintRow {
  case_id: string;
  step_id: string;
  role: string;
  department_id: string | null;
  assignee_id: string | null;
  escalation_level: number;
  fingerprint_due: string | null;
  fingerprint_projection_seq: number;
  fingerprint_updated: string;
  fingerprint_overdue: boolean;
}

/** The columns a worklist row's fingerprint entry needs beyond the task's own. */
function worklistFingerprintColumns(db: Knex, now: Date): Knex.Raw[] {
  return [
    db.raw('t.due_at::text as fingerprint_due'),
    db.raw('c.projection_seq as fingerprint_projection_seq'),
    db.raw('c.updated_at::text as fingerprint_updated'),
    db.raw('coalesce(t.due_at < ?, false) as fingerprint_overdue', [now]),
  ];
}

/** One entry per row of the worklist: task, its case's projection sequence and updated_at, the task's shown fields, overdue at `now`. */
function worklistFingerprintOf(rows: readonly WorklistFingerprintRow[]): PageFingerprint {
  return {
    rows: rows.map((row) =>
      JSON.stringify([
        row.case_id,
        row.step_id,
        row.role,
        row.department_id,
        row.assignee_id,
        row.escalation_level,
        row.fingerprint_due,
        row.fingerprint_projection_seq,
        row.fingerprint_updated,
        row.fingerprint_overdue,
      ]),
    ),
  };
}

/** The worklist's fingerprint alone, from narrow rows. */
export async function worklistPageFingerprint(db: Knex, filter: WorklistFilter, now: Date): Promise<PageFingerprint> {
  const rows = (await worklistPageQuery(db, filter, [
    't.case_id',
    't.step_id',
    't.role',
    't.department_id',
    't.assignee_id',
    't.escalation_level',
    ...worklistFingerprintColumns(db, now),
  ])) as WorklistFingerprintRow[];
  return worklistFingerprintOf(rows);
}

/** The worklist and its fingerprint from one read. */
export async function listWorklistWithFingerprint(
  db: Knex,
  filter: WorklistFilter,
  now: Date,
): Promise<{ items: WorklistItem[]; fingerprint: PageFingerprint }> {
  const { items, rows } = await readWorklist<
    Pick<
      WorklistFingerprintRow,
      'fingerprint_due' | 'fingerprint_projection_seq' | 'fingerprint_updated' | 'fingerprint_overdue'
    >
  >(db, filter, worklistFingerprintColumns(db, now));
  return { items, fingerprint: worklistFingerprintOf(rows) };
}
