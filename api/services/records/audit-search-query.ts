/**
 * The audit search as a URL query (`actor`, `kind`, `from`, `to`, `before`): parsed once for the API
 * and the auditor's page, so both refuse the same input the same way. Dates are ISO (a bare date
 * means that day at 00:00 UTC; `to` is exclusive). Pure.
 */
import type { AuditSearchInput } from './audit-service';

export interface FieldProblem {
  field: string;
  message: string;
}

export type Query = Record<string, string | string[] | undefined>;

export function single(query: Query, name: string): string | undefined {
  const raw = query[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function parseQueryDate(value: string): Date | undefined {
  if (!DATE.test(value)) return undefined;
  const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

export function parseAuditSearch(query: Query): { search: AuditSearchInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const search: AuditSearchInput = {};
  const actor = single(query, 'actor');
  if (actor !== undefined) {
    if (actor.length > 200) problems.push({ field: 'actor', message: 'The person must be 200 characters or fewer' });
    else search.actor = actor;
  }
  const kind = single(query, 'kind');
  if (kind !== undefined) {
    if (!/^[a-z0-9._-]{1,100}$/.test(kind))
      problems.push({ field: 'kind', message: 'The kind is an event type or its beginning, like auth. or case.read' });
    else search.kind = kind;
  }
  for (const name of ['from', 'to'] as const) {
    const raw = single(query, name);
    if (raw === undefined) continue;
    const parsed = parseQueryDate(raw);
    if (!parsed)
      problems.push({
        field: name,
        message: `Enter the ${name === 'from' ? 'start' : 'end'} of the period as a date, like 2026-03-01`,
      });
    else search[name] = parsed;
  }
  if (search.from && search.to && search.from.getTime() >= search.to.getTime())
    problems.push({ field: 'to', message: 'The end of the period must be after its start' });
  const before = single(query, 'before');
  if (before !== undefined) {
    if (!/^\d{1,15}$/.test(before)) problems.push({ field: 'before', message: 'before must be an entry id' });
    else search.beforeId = Number(before);
  }
  return { search, problems };
}
