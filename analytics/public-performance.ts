/**
 * Public performance figures: per public service, requests in, the share closed within target, and
 * the median and 90th percentile time to close — overall, by month and by council district — with
 * small cells withheld (small-cell-suppression.ts). Pure: the page and the CSV both render the one
 * table this returns, so the open data and the page cannot disagree.
 */
import { ascending, quantile } from './quantile';
import { isSmallCount, suppressedCells } from './small-cell-suppression';

export interface PerformanceCase {
  serviceCode: string;
  /** "YYYY-MM" of creation in the agency's time zone. */
  month: string;
  /** Council district, or null when the case has none. */
  district: string | null;
  createdMs: number;
  closedMs: number | null;
  dueMs: number | null;
}

export type Breakdown = 'all' | 'month' | 'district';

/** A published number, or withheld (too few cases), or none (nothing to measure). */
export type Figure = { kind: 'value'; value: number } | { kind: 'withheld' } | { kind: 'none' };

export interface PerformanceRow {
  serviceCode: string;
  breakdown: Breakdown;
  /** "all", a month "YYYY-MM", or a district ("not recorded" when none). */
  group: string;
  requests: Figure;
  /** 0..1 of closed cases with a target that closed by it. */
  withinTarget: Figure;
  medianHours: Figure;
  p90Hours: Figure;
}

export const NOT_RECORDED = 'not recorded';
const HOUR_MS = 3_600_000;

const value = (v: number): Figure => ({ kind: 'value', value: v });
const WITHHELD: Figure = { kind: 'withheld' };
const NONE: Figure = { kind: 'none' };

/** A statistic over `base` cases: withheld when the base is small or the group's count is withheld. */
function statistic(base: number, threshold: number, countWithheld: boolean, compute: () => number | null): Figure {
  if (countWithheld || isSmallCount(base, threshold)) return WITHHELD;
  const result = base === 0 ? null : compute();
  return result === null ? NONE : value(result);
}

function rowOf(
  serviceCode: string,
  breakdown: Breakdown,
  group: string,
  cases: readonly PerformanceCase[],
  countWithheld: boolean,
  threshold: number,
): PerformanceRow {
  const closed = cases.filter((c) => c.closedMs !== null);
  const targeted = closed.filter((c) => c.dueMs !== null);
  const hours = ascending(closed.map((c) => ((c.closedMs as number) - c.createdMs) / HOUR_MS));
  return {
    serviceCode,
    breakdown,
    group,
    requests: countWithheld ? WITHHELD : value(cases.length),
    withinTarget: statistic(
      targeted.length,
      threshold,
      countWithheld,
      () => targeted.filter((c) => (c.closedMs as number) <= (c.dueMs as number)).length / targeted.length,
    ),
    medianHours: statistic(closed.length, threshold, countWithheld, () => quantile(hours, 0.5)),
    p90Hours: statistic(closed.length, threshold, countWithheld, () => quantile(hours, 0.9)),
  };
}

function groupBy(
  cases: readonly PerformanceCase[],
  keyOf: (c: PerformanceCase) => string,
): Map<string, PerformanceCase[]> {
  const groups = new Map<string, PerformanceCase[]>();
  for (const c of cases) {
    const key = keyOf(c);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return groups;
}

/** Districts sort as numbers ("2" before "10"), "not recorded" last. */
function compareGroups(a: string, b: string): number {
  if (a === NOT_RECORDED || b === NOT_RECORDED) return a === b ? 0 : a === NOT_RECORDED ? 1 : -1;
  const na = Number(a);
  const nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
}

/** Rows for every service in `serviceCodes` (in that order): its total, then by month, then by district. */
export function performanceRows(
  cases: readonly PerformanceCase[],
  serviceCodes: readonly string[],
  threshold: number,
): PerformanceRow[] {
  const byService = groupBy(cases, (c) => c.serviceCode);
  const rows: PerformanceRow[] = [];
  for (const code of serviceCodes) {
    const serviceCases = byService.get(code) ?? [];
    rows.push(rowOf(code, 'all', 'all', serviceCases, isSmallCount(serviceCases.length, threshold), threshold));
    const breakdowns: [Breakdown, (c: PerformanceCase) => string][] = [
      ['month', (c) => c.month],
      ['district', (c) => c.district ?? NOT_RECORDED],
    ];
    for (const [breakdown, keyOf] of breakdowns) {
      const groups = [...groupBy(serviceCases, keyOf).entries()].sort((a, b) => compareGroups(a[0], b[0]));
      // The service total is published, so one withheld group would be given away by subtraction.
      const hidden = suppressedCells(
        groups.map(([, group]) => group.length),
        threshold,
      );
      groups.forEach(([group, groupCases], i) =>
        rows.push(rowOf(code, breakdown, group, groupCases, hidden[i], threshold)),
      );
    }
  }
  return rows;
}

/** How a figure reads, in the page and in the CSV alike. */
export function formatFigure(figure: Figure, as: 'count' | 'share' | 'days'): string {
  if (figure.kind === 'withheld') return 'withheld';
  if (figure.kind === 'none') return '';
  if (as === 'count') return String(figure.value);
  if (as === 'share') return `${(figure.value * 100).toFixed(1)}%`;
  return (figure.value / 24).toFixed(1);
}

export const PERFORMANCE_COLUMNS = [
  'service',
  'breakdown',
  'group',
  'requests',
  'closed_within_target',
  'median_days_to_close',
  'p90_days_to_close',
] as const;

/** The table as strings: what the page shows and the CSV holds. */
export function performanceTable(rows: readonly PerformanceRow[], serviceName: (code: string) => string): string[][] {
  return rows.map((r) => [
    serviceName(r.serviceCode),
    r.breakdown === 'all' ? 'all requests' : r.breakdown === 'month' ? 'month' : 'council district',
    r.group,
    formatFigure(r.requests, 'count'),
    formatFigure(r.withinTarget, 'share'),
    formatFigure(r.medianHours, 'days'),
    formatFigure(r.p90Hours, 'days'),
  ]);
}
