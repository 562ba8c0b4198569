/** Case lists with filters and keyset pagination, for the API's list and Open311 GET requests. */
import type { Knex } from 'knex';
import type { CaseRecord } from '../../domain/case';
import { DbError, sqlState } from '../errors';
import { toCaseRecord, type CaseRow } from './case-row';
import { decodeCursor, encodeCursor } from './cursor';

export interface CaseListFilter {
  statuses?: readonly string[];
  definitionIds?: readonly string[];
  /** Department scope: undefined = every department; [] = none (a user who may see nothing sees nothing). */
  departmentIds?: readonly string[];
  /** A user id, or null for unassigned cases. */
  assigneeId?: string | null;
  /** true: open cases past their SLA or statutory due date at `now`; false: open cases not past either. */
  overdue?: boolean;
  /** The instant "overdue" is judged at (defaults to the database clock). */
  now?: Date;
  /** true: only closed cases (closed_at set); false: only open ones. Open311's open/closed. */
  closed?: boolean;
  serviceCodes?: readonly string[];
  trackingNumbers?: readonly string[];
  createdFrom?: Date;
  createdTo?: Date;
  updatedFrom?: Date;
  updatedTo?: Date;
}

/**
 * Sort orders. Due-date sorts put cases without a date last; `updated` serves change feeds;
 * `-created` is newest first.
 */
export type CaseSort = 'sla-due' | 'statutory-due' | 'created' | '-created' | 'updated';
export const CASE_SORTS: readonly CaseSort[] = ['sla-due', 'statutory-due', 'created', '-created', 'updated'];

const SORT_KEYS: Record<CaseSort, { expression: string; descending: boolean }> = {
  'sla-due': { expression: "coalesce(sla_due_at, 'infinity'::timestamptz)", descending: false },
  'statutory-due': { expression: "coalesce(statutory_due_at, 'infinity'::timestamptz)", descending: false },
  created: { expression: 'created_at', descending: false },
  '-created': { expression: 'created_at', descending: true },
  updated: { expression: 'updated_at', descending: false },
};

export interface CaseListRequest {
  filter?: CaseListFilter;
  sort?: CaseSort;
  /** 1..500, default 50. */
  limit?: number;
  cursor?: string;
  /** Rows to skip, for page-numbered clients (Open311 `page`/`page_size`); prefer cursors. Not combined with a cursor. */
  offset?: number;
}

export interface CaseListPage {
  items: CaseRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function applyCaseFilter(query: Knex.QueryBuilder, db: Knex, filter: CaseListFilter): void {
  if (filter.statuses !== undefined) void query.whereIn('status', [...filter.statuses]);
  if (filter.definitionIds !== undefined) void query.whereIn('definition_id', [...filter.definitionIds]);
  if (filter.departmentIds !== undefined) void query.whereIn('department_id', [...filter.departmentIds]);
  if (filter.assigneeId === null) void query.whereNull('assignee_id');
  else if (filter.assigneeId !== undefined) void query.where('assignee_id', filter.assigneeId);
  if (filter.closed === true) void query.whereNotNull('closed_at');
  if (filter.closed === false) void query.whereNull('closed_at');
  if (filter.serviceCodes !== undefined) void query.whereIn('service_code', [...filter.serviceCodes]);
  if (filter.trackingNumbers !== undefined) void query.whereIn('tracking_number', [...filter.trackingNumbers]);
  if (filter.createdFrom !== undefined) void query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) void query.where('created_at', '<=', filter.createdTo);
  if (filter.updatedFrom !== undefined) void query.where('updated_at', '>=', filter.updatedFrom);
  if (filter.updatedTo !== undefined) void query.where('updated_at', '<=', filter.updatedTo);
  if (filter.overdue !== undefined) {
    const now = filter.now ?? db.fn.now();
    void query.whereNull('closed_at');
    if (filter.overdue) {
      void query.where((inner) => void inner.where('sla_due_at', '<', now).orWhere('statutory_due_at', '<', now));
    } else {
      void query.where((inner) => void inner.whereNull('sla_due_at').orWhere('sla_due_at', '>=', now));
      void query.where((inner) => void inner.whereNull('statutory_due_at').orWhere('statutory_due_at', '>=', now));
    }
  }
}

/**
 * The page's query: filter, keyset cursor (or offset), sort and limit + 1 rows (the extra row says
 * whether a next page exists), with `cursor_key` beside the given columns. Shared by the list and its
 * change fingerprint, so both read exactly the same rows.
 */
export function casePageQuery(
  db: Knex,
  request: CaseListRequest,
  columns: readonly (string | Knex.Raw)[],
): { query: Knex.QueryBuilder; sort: CaseSort; limit: number } {
  const sort = request.sort ?? 'sla-due';
  const key = SORT_KEYS[sort];
  const limit = Math.min(Math.max(Math.trunc(request.limit ?? 50), 1), 500);
  const direction = key.descending ? 'desc' : 'asc';
  const query = db('cases')
    .select(...columns, db.raw(`(${key.expression})::text as cursor_key`))
    .orderByRaw(`${key.expression} ${direction}, id ${direction}`)
    .limit(limit + 1);
  applyCaseFilter(query, db, request.filter ?? {});
  if (request.offset !== undefined && request.cursor === undefined)
    void query.offset(Math.min(Math.max(Math.trunc(request.offset), 0), 1_000_000));
  if (request.cursor !== undefined) {
    const position = decodeCursor(request.cursor, sort);
    void query.whereRaw(`(${key.expression}, id) ${key.descending ? '<' : '>'} (?::timestamptz, ?)`, [
      position.key,
      position.id,
    ]);
  }
  return { query, sort, limit };
}

/** Runs a page query; a well-formed cursor holding an impossible date (month 13) fails the cast: still the caller's fault. */
export async function runCasePageQuery<Row>(query: Knex.QueryBuilder, request: CaseListRequest): Promise<Row[]> {
  try {
    return (await query) as Row[];
  } catch (error) {
    if (request.cursor !== undefined && sqlState(error)?.startsWith('22')) {
      throw new DbError('INVALID_CURSOR', 'the pagination cursor is not valid for this list');
    }
    throw error;
  }
}

export async function listCases(db: Knex, request: CaseListRequest = {}): Promise<CaseListPage> {
  return (await readCasePage(db, request, [])).page;
}

/**
 * The page, and every row it was read from (limit + 1, with `extraColumns` beside the case's own), for
 * whatever else must describe exactly those rows (the list's change fingerprint).
 */
export async function readCasePage<Extra extends object>(
  db: Knex,
  request: CaseListRequest,
  extraColumns: readonly Knex.Raw[],
): Promise<{ page: CaseListPage; rows: (CaseRow & { cursor_key: string } & Extra)[] }> {
  const { query, sort, limit } = casePageQuery(db, request, ['*', ...extraColumns]);
  const rows = await runCasePageQuery<CaseRow & { cursor_key: string } & Extra>(query, request);
  const shown = rows.slice(0, limit);
  let nextCursor: string | null = null;
  if (rows.length > limit) {
    // The key is Postgres's own text of the timestamp, keeping microseconds a JS Date would drop.
    const last = shown[shown.length - 1];
    nextCursor = encodeCursor({ sort, key: last.cursor_key, id: last.id });
  }
  return { page: { items: shown.map(toCaseRecord), nextCursor }, rows };
}

/** How many cases match (for totals next to a paged list). */
export async function countCases(db: Knex, filter: CaseListFilter = {}): Promise<number> {
  const query = db('cases').count<{ count: string | number }[]>('* as count');
  applyCaseFilter(query, db, filter);
  const [row] = await query;
  return Number(row.count);
}
