/**
 * Change fingerprints of case lists and worklists, cheap enough to answer every refresh of a live
 * work list. Any projection of a case raises its projection sequence and its updated_at.
 *
 * A case list page (`casePageFingerprint`) is fingerprinted by the rows the page would show, read
 * through the same keyset index as the page itself (a few dozen narrow rows, whatever the number of
 * cases): each row's id in order, projection sequence, updated_at and whether it is overdue at `now`,
 * plus the extra row that decides the next cursor. A case entering, leaving or moving on the page, a
 * change to a shown case, and time passing a shown case's due date all change it; a change to a case
 * on no shown row leaves the page, and so its tag, as it was.
 *
 * A worklist (`worklistFingerprint`) is one aggregate row over the same filter as the list: a task
 * entering or leaving the set changes the count; time passing a due date changes the overdue count.
 */
import type { Knex } from 'knex';
import { casePageQuery, runCasePageQuery, type CaseListRequest } from './case-list.query';
import { applyWorklistFilter, type WorklistFilter } from './tasks.repository';

export interface ListFingerprint {
  count: number;
  /** Rows past their due date at `now`. */
  overdue: number;
  /** Sum of the rows' case projection sequences (text: it may exceed 2^53 in theory). */
  sequenceSum: string;
  /** Postgres's text of the latest updated_at (microseconds kept). */
  lastUpdatedAt: string | null;
}

interface FingerprintRow {
  count: string | number;
  overdue: string | number;
  sequence_sum: string | null;
  last_updated_at: string | null;
}

const toFingerprint = (row: FingerprintRow | undefined): ListFingerprint => ({
  count: Number(row?.count ?? 0),
  overdue: Number(row?.overdue ?? 0),
  sequenceSum: row?.sequence_sum ?? '0',
  lastUpdatedAt: row?.last_updated_at ?? null,
});

/** One entry per row of the page (and the extra row): id, projection sequence, updated_at text, overdue at `now`. */
export interface CasePageFingerprint {
  rows: string[];
}

export async function casePageFingerprint(db: Knex, request: CaseListRequest, now: Date): Promise<CasePageFingerprint> {
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

export async function worklistFingerprint(
  db: Knex,
  filter: Omit<WorklistFilter, 'limit'>,
  now: Date,
): Promise<ListFingerprint> {
  const query = db('tasks as t')
    .join('cases as c', 'c.id', 't.case_id')
    .select(
      db.raw('count(*) as count'),
      db.raw('count(*) filter (where t.due_at < ?) as overdue', [now]),
      db.raw('sum(c.projection_seq)::text as sequence_sum'),
      db.raw('max(c.updated_at)::text as last_updated_at'),
    );
  applyWorklistFilter(query, filter);
  const [row] = (await query) as FingerprintRow[];
  return toFingerprint(row);
}
