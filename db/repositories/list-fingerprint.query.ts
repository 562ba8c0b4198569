/**
 * Change fingerprints of case lists and worklists: one aggregate row over the same filter as the list,
 * cheap enough to answer every refresh of a live work list. Any projection of a matching case raises
 * its projection sequence (so the sum) and its updated_at; a case entering or leaving the set changes
 * the count; time passing a due date changes the overdue count.
 */
import type { Knex } from 'knex';
import { applyCaseFilter, type CaseListFilter } from './case-list.query';
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

export async function caseListFingerprint(db: Knex, filter: CaseListFilter, now: Date): Promise<ListFingerprint> {
  const query = db('cases').select(
    db.raw('count(*) as count'),
    db.raw('count(*) filter (where closed_at is null and (sla_due_at < ? or statutory_due_at < ?)) as overdue', [
      now,
      now,
    ]),
    db.raw('sum(projection_seq)::text as sequence_sum'),
    db.raw('max(updated_at)::text as last_updated_at'),
  );
  applyCaseFilter(query, db, filter);
  const [row] = (await query) as FingerprintRow[];
  return toFingerprint(row);
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
