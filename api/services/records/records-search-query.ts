/**
 * A records search (for a legal hold or an export) from a form or query: a service, tracking numbers
 * (separated by spaces or commas) and a period of opening. Parsed once for the API and the pages. Pure.
 */
import type { RecordsSearch } from './records-service';
import { parseQueryDate, single, type FieldProblem, type Query } from './audit-search-query';

const TRACKING = /^[A-Z]{2}-\d{4}-\d{1,12}$/;

/** `purpose` (e.g. 'hold'): an empty search is a problem, worded for what the cases are wanted for. */
export function parseRecordsSearch(
  query: Query,
  purpose?: string,
): { search: RecordsSearch; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const search: RecordsSearch = {};
  const service = single(query, 'service');
  if (service !== undefined) {
    if (service.length > 200)
      problems.push({ field: 'service', message: 'The service must be 200 characters or fewer' });
    else search.definitionId = service;
  }
  const tracking = single(query, 'trackingNumbers');
  if (tracking !== undefined) {
    const numbers = [
      ...new Set(
        tracking
          .toUpperCase()
          .split(/[\s,]+/)
          .filter((part) => part !== ''),
      ),
    ];
    const bad = numbers.filter((number) => !TRACKING.test(number));
    if (bad.length > 0)
      problems.push({
        field: 'trackingNumbers',
        message: `Enter tracking numbers like CF-2026-000123 (not ${bad.slice(0, 3).join(', ')})`,
      });
    else if (numbers.length > 500)
      problems.push({ field: 'trackingNumbers', message: 'Enter at most 500 tracking numbers' });
    else search.trackingNumbers = numbers;
  }
  for (const [name, key] of [
    ['createdFrom', 'createdFrom'],
    ['createdTo', 'createdTo'],
  ] as const) {
    const raw = single(query, name);
    if (raw === undefined) continue;
    const parsed = parseQueryDate(raw);
    if (!parsed)
      problems.push({
        field: name,
        message: `Enter the ${name === 'createdFrom' ? 'start' : 'end'} of the period as a date, like 2026-03-01`,
      });
    else search[key] = parsed.toISOString();
  }
  if (purpose !== undefined && problems.length === 0 && Object.keys(search).length === 0) {
    problems.push({
      field: 'trackingNumbers',
      message: `Enter the tracking numbers, or a service, of the cases to ${purpose}`,
    });
  }
  return { search, problems };
}
