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
import { casePageQuery, runCasePageQuery, type CaseListRequest } from './case-list.query';
import { worklistPageQuery, type WorklistFilter } from './tasks.repository';

/** One entry per row of the page (and the extra row): id, projection sequence, updated_at text, overdue at `now`. */
export type PageFingerprint = { rows: string[] };

export async function casePageFingerprint(db: Knex, request: CaseListRequest, now: Date): Promise<PageFingerprint> {
  const { query } = casePageQuery(db, request, [
    'id',
    'projection_seq',
    db.raw('updated_at::text as updated_text'),
    db.raw('coalesce(closed_at is null and (sla_due_at < ? or statutory_due_at < ?), false) as overdue', [now, now]),
  ]);
  const rows = await runCasePageQuery<{
    id: string;
    projection_seq: number;
    updated_text: string;
    overdue: boolean;
    cursor_key: string;
  }>(query, request);
  return {
    rows: rows.map(
      (row) => `${row.id} ${row.projection_seq} ${row.updated_text} ${row.cursor_key} ${row.overdue ? 1 : 0}`,
    ),
  };
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
