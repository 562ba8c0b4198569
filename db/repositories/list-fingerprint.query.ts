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
import { worklistPageQuery, type WorklistFilter } from './tasks.repository';

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

/** One entry per row of the worklist: task, its case's projection sequence and updated_at, the task's shown fields, overdue at `now`. */
export async function worklistPageFingerprint(db: Knex, filter: WorklistFilter, now: Date): Promise<PageFingerprint> {
  const rows = (await worklistPageQuery(db, filter, [
    't.case_id',
    't.step_id',
    't.role',
    't.department_id',
    't.assignee_id',
    't.escalation_level',
    db.raw('t.due_at::text as due_text'),
    'c.projection_seq',
    db.raw('c.updated_at::text as updated_text'),
    db.raw('coalesce(t.due_at < ?, false) as overdue', [now]),
  ])) as {
    case_id: string;
    step_id: string;
    role: string;
    department_id: string | null;
    assignee_id: string | null;
    escalation_level: number;
    due_text: string | null;
    projection_seq: number;
    updated_text: string;
    overdue: boolean;
  }[];
  return {
    rows: rows.map((row) =>
      JSON.stringify([
        row.case_id,
        row.step_id,
        row.role,
        row.department_id,
        row.assignee_id,
        row.escalation_level,
        row.due_text,
        row.projection_seq,
        row.updated_text,
        row.overdue,
      ]),
    ),
  };
}
