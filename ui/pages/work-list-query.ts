/**
 * The work list's URL: which list, its filters, sort and page cursor — parsed and checked here so a
 * bookmarked or shared address means the same list, and written back the same way. Pure.
 */
import { CASE_SORTS, type CaseSort } from '../../db';
import type { CaseListQuery } from '../../api/services/case-service';
import type { FieldError } from '../components/error-summary';

export type WorkListKind = 'mine' | 'unassigned' | 'team';
export const WORK_LISTS: readonly { kind: WorkListKind; label: string }[] = [
  { kind: 'mine', label: 'My work' },
  { kind: 'unassigned', label: 'Unassigned in my team' },
  { kind: 'team', label: 'My team' },
];

export type OverdueFilter = 'any' | 'yes' | 'no';
export const PAGE_SIZE = 50;

export interface WorkListQuery {
  list: WorkListKind;
  /** A definition id (the service), or '' for every service. */
  service: string;
  overdue: OverdueFilter;
  sort: CaseSort;
  cursor: string;
}

export const DEFAULT_QUERY: WorkListQuery = { list: 'mine', service: '', overdue: 'any', sort: 'sla-due', cursor: '' };

export const SORT_LABELS: Record<CaseSort, string> = {
  'sla-due': 'SLA due, soonest first',
  'statutory-due': 'Statutory deadline, soonest first',
  created: 'Oldest first',
  '-created': 'Newest first',
  updated: 'Least recently updated first',
};

const SERVICE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,500}$/;

type Params = { get(name: string): string | null };

/** The query with every problem named for the error summary (field ids are the filter form's). */
export function parseWorkListQuery(params: Params): { query: WorkListQuery; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const query: WorkListQuery = { ...DEFAULT_QUERY };
  const list = params.get('list');
  if (list !== null && list !== '') {
    const known = WORK_LISTS.find((entry) => entry.kind === list);
    if (known) query.list = known.kind;
    else errors.push({ field: 'list', message: 'Choose one of the lists: my work, unassigned in my team or my team' });
  }
  const service = (params.get('service') ?? '').trim();
  if (service !== '') {
    if (SERVICE_ID.test(service)) query.service = service;
    else errors.push({ field: 'service', message: 'Choose a service from the list' });
  }
  const overdue = params.get('overdue');
  if (overdue !== null && overdue !== '') {
    if (overdue === 'any' || overdue === 'yes' || overdue === 'no') query.overdue = overdue;
    else
      errors.push({
        field: 'overdue',
        message: 'Choose whether to show overdue cases: any, only overdue or not overdue',
      });
  }
  const sort = params.get('sort');
  if (sort !== null && sort !== '') {
    const known = CASE_SORTS.find((candidate) => candidate === sort);
    if (known) query.sort = known;
    else errors.push({ field: 'sort', message: 'Choose a sort order from the list' });
  }
  const cursor = params.get('cursor');
  if (cursor !== null && cursor !== '') {
    if (CURSOR.test(cursor)) query.cursor = cursor;
    else errors.push({ field: 'cursor', message: 'The page link is not valid: start again from the first page' });
  }
  return { query, errors };
}

/** The URL query string of a list (defaults left out, so addresses stay short); no leading '?'. */
export function workListSearch(query: WorkListQuery, overrides: Partial<WorkListQuery> = {}): string {
  const merged = { ...query, ...overrides };
  const params = new URLSearchParams();
  params.set('list', merged.list);
  if (merged.service) params.set('service', merged.service);
  if (merged.overdue !== 'any') params.set('overdue', merged.overdue);
  if (merged.sort !== DEFAULT_QUERY.sort) params.set('sort', merged.sort);
  if (merged.cursor) params.set('cursor', merged.cursor);
  return params.toString();
}

/** What the list asks the case service for: open cases only; "team" is the person's own department. */
export function caseListQuery(query: WorkListQuery, person: { id: string; departmentId?: string }): CaseListQuery {
  const team = person.departmentId ? { departmentIds: [person.departmentId] } : {};
  const who =
    query.list === 'mine'
      ? { assigneeId: person.id }
      : query.list === 'unassigned'
        ? { ...team, assigneeId: null }
        : team;
  return {
    filter: {
      closed: false,
      ...who,
      ...(query.service ? { definitionIds: [query.service] } : {}),
      ...(query.overdue === 'any' ? {} : { overdue: query.overdue === 'yes' }),
    },
    sort: query.sort,
    limit: PAGE_SIZE,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
}
