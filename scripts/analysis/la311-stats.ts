/**
 * Pure statistics over LA 311 service requests: CSV parsing, timestamp parsing and per-group
 * resolution-time summaries. No I/O here; la311-analysis.ts reads the file and prints the report.
 */
import { quantile } from '../../analytics/quantile';

export { quantile };

export interface ServiceRequest {
  requestType: string;
  status: string;
  source: string;
  owner: string;
  /** Minutes since the Unix epoch of the wall-clock time as written (LA local, read as if UTC). */
  createdMinute: number;
  closedMinute: number | null;
}

export interface ResolutionSummary {
  key: string;
  count: number;
  closed: number;
  cancelled: number;
  stillOpen: number;
  /** Hours from creation to closure for closed requests only. */
  medianHours: number | null;
  p90Hours: number | null;
  p99Hours: number | null;
  /** Share of closed requests closed within 24 h / 72 h / 7 days / 30 days of creation. */
  within24h: number | null;
  within72h: number | null;
  within7d: number | null;
  within30d: number | null;
}

export class CsvFormatError extends Error {
  readonly code = 'CSV_FORMAT';
}

/** RFC 4180 CSV: quoted fields, doubled quotes inside quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) throw new CsvFormatError('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const TIMESTAMP = /^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2}):(\d{2})$/;

/**
 * "1/2/20 8:43" (M/D/YY H:MM, the export's format) → minutes since epoch, wall clock read as UTC.
 * Differences between two such values are exact except across a DST change (at most one hour).
 */
export function parseTimestamp(value: string): number | null {
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return null;
  const [, month, day, year, hour, minute] = m.map(Number);
  return Date.UTC(2000 + year, month - 1, day, hour, minute) / 60000;
}

export function toServiceRequests(rows: string[][]): ServiceRequest[] {
  const [header, ...body] = rows;
  if (!header) throw new CsvFormatError('empty file');
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new CsvFormatError(`missing column ${name}`);
    return index;
  };
  const type = column('requesttype');
  const status = column('status');
  const source = column('requestsource');
  const owner = column('owner');
  const created = column('createddate');
  const closed = column('closeddate');
  const requests: ServiceRequest[] = [];
  for (const row of body) {
    const createdMinute = parseTimestamp(row[created] ?? '');
    if (createdMinute === null) continue;
    requests.push({
      requestType: row[type] ?? '',
      status: row[status] ?? '',
      source: row[source] ?? '',
      owner: row[owner] ?? '',
      createdMinute,
      closedMinute: parseTimestamp(row[closed] ?? ''),
    });
  }
  return requests;
}

function share(hours: readonly number[], limit: number): number | null {
  if (hours.length === 0) return null;
  return hours.filter((h) => h <= limit).length / hours.length;
}

export function summarise(key: string, requests: readonly ServiceRequest[]): ResolutionSummary {
  const closedRequests = requests.filter((r) => r.status === 'Closed' && r.closedMinute !== null);
  const hours = closedRequests
    .map((r) => ((r.closedMinute as number) - r.createdMinute) / 60)
    .filter((h) => h >= 0)
    .sort((a, b) => a - b);
  return {
    key,
    count: requests.length,
    closed: closedRequests.length,
    cancelled: requests.filter((r) => r.status === 'Cancelled').length,
    stillOpen: requests.filter((r) => r.status !== 'Closed' && r.status !== 'Cancelled').length,
    medianHours: quantile(hours, 0.5),
    p90Hours: quantile(hours, 0.9),
    p99Hours: quantile(hours, 0.99),
    within24h: share(hours, 24),
    within72h: share(hours, 72),
    within7d: share(hours, 24 * 7),
    within30d: share(hours, 24 * 30),
  };
}

/** Groups by a key, largest group first (ties by key, so the output is stable). */
export function summariseBy(
  requests: readonly ServiceRequest[],
  keyOf: (r: ServiceRequest) => string,
): ResolutionSummary[] {
  const groups = new Map<string, ServiceRequest[]>();
  for (const r of requests) {
    const key = keyOf(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()]
    .map(([key, group]) => summarise(key, group))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Counts of a second attribute within each group, e.g. owner department per request type. */
export function crossTab(
  requests: readonly ServiceRequest[],
  rowOf: (r: ServiceRequest) => string,
  columnOf: (r: ServiceRequest) => string,
): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const r of requests) {
    const row = table.get(rowOf(r)) ?? new Map<string, number>();
    row.set(columnOf(r), (row.get(columnOf(r)) ?? 0) + 1);
    table.set(rowOf(r), row);
  }
  return table;
}

/** Local dates ("YYYY-MM-DD") the City of Los Angeles observed as holidays in 2020. */
export const LA_CITY_HOLIDAYS_2020: readonly string[] = [
  '2020-01-01', // New Year's Day
  '2020-01-20', // Martin Luther King Jr. Day
  '2020-02-17', // Presidents' Day
  '2020-03-31', // César Chávez Day
  '2020-05-25', // Memorial Day
  '2020-07-03', // Independence Day (observed, 4 July was a Saturday)
  '2020-09-07', // Labor Day
  '2020-10-12', // Indigenous Peoples' Day
  '2020-11-11', // Veterans Day
  '2020-11-26', // Thanksgiving
  '2020-11-27', // Day after Thanksgiving
  '2020-12-25', // Christmas
];

const MINUTES_PER_DAY = 24 * 60;

/**
 * Working days (Monday–Friday, not a holiday) after the creation date up to and including the
 * closing date: closed the same day = 0, closed the next working day = 1. This is how "within N
 * business days" is counted by 311 centres, and what an SLA in working days on a Monday–Friday
 * calendar measures.
 */
export function workingDaysBetween(createdMinute: number, closedMinute: number, holidays: ReadonlySet<string>): number {
  const firstDay = Math.floor(createdMinute / MINUTES_PER_DAY);
  const lastDay = Math.floor(closedMinute / MINUTES_PER_DAY);
  let count = 0;
  for (let day = firstDay + 1; day <= lastDay; day++) {
    const date = new Date(day * MINUTES_PER_DAY * 60000);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(date.toISOString().slice(0, 10))) count++;
  }
  return count;
}

/** A proposed service-level target: working days on a Monday–Friday calendar, or elapsed hours. */
export type Target = { workingDays: number } | { hours: number };

/** Share of closed requests that met the target (null when none closed). */
export function shareMeetingTarget(
  requests: readonly ServiceRequest[],
  target: Target,
  holidays: ReadonlySet<string>,
): number | null {
  const closed = requests.filter(
    (r) => r.status === 'Closed' && r.closedMinute !== null && r.closedMinute >= r.createdMinute,
  );
  if (closed.length === 0) return null;
  const met = closed.filter((r) => {
    const end = r.closedMinute as number;
    return 'workingDays' in target
      ? workingDaysBetween(r.createdMinute, end, holidays) <= target.workingDays
      : end - r.createdMinute <= target.hours * 60;
  });
  return met.length / closed.length;
}

/** The SLA due targets process-definitions/service-complaint.yaml uses, checked against the sample. */
export const PROPOSED_TARGETS: readonly { requestTypes: string[]; category: string; target: Target }[] = [
  { requestTypes: ['Bulky Items'], category: 'bulky-items', target: { workingDays: 4 } },
  {
    requestTypes: ['Metal/Household Appliances', 'Electronic Waste'],
    category: 'appliances-e-waste',
    target: { workingDays: 4 },
  },
  { requestTypes: ['Illegal Dumping Pickup'], category: 'illegal-dumping', target: { workingDays: 5 } },
  { requestTypes: ['Graffiti Removal'], category: 'graffiti', target: { workingDays: 3 } },
  { requestTypes: ['Dead Animal Removal'], category: 'dead-animal', target: { hours: 24 } },
  {
    requestTypes: ['Single Streetlight Issue', 'Multiple Streetlight Issue'],
    category: 'streetlight',
    target: { workingDays: 15 },
  },
  { requestTypes: ['Homeless Encampment'], category: 'encampment', target: { workingDays: 20 } },
  { requestTypes: ['Other'], category: 'other (311 triage re-routes)', target: { workingDays: 2 } },
];
