/**
 * Reads for supervisors over the read model: the open cases that are at risk (a step warned or past
 * due, or the statutory date passed) and the dashboard figures the existing reports do not give —
 * backlog by age, escalations by level, volume by channel, overall resolution time.
 */
import type { Knex } from 'knex';
import type { CaseRecord } from '../../domain/case';
import { toCaseRecord, type CaseRow } from './case-row';

export interface ScopeFilter {
  /** Department scope; undefined = all. */
  departmentIds?: readonly string[];
}

export interface PeriodFilter extends ScopeFilter {
  from: Date;
  to: Date;
}

/**
 * Open cases with a step the workflow warned about or whose due time has passed, or past their SLA or
 * statutory date at `now`; the most overdue first. The warning flag is the workflow's own (tasks.warned),
 * so a case shows here as soon as its warning timer fired, whatever this process's clock says.
 */
export async function listAtRiskCases(
  db: Knex,
  options: ScopeFilter & { now: Date; limit: number },
): Promise<CaseRecord[]> {
  const query = db('cases as c')
    .select('c.*')
    .whereNull('c.closed_at')
    .where((q) => {
      void q
        .where('c.sla_due_at', '<', options.now)
        .orWhere('c.statutory_due_at', '<', options.now)
        .orWhereExists(
          db('tasks as t')
            .select(db.raw('1'))
            .whereRaw('t.case_id = c.id')
            .andWhere((t) => void t.where('t.warned', true).orWhere('t.due_at', '<', options.now)),
        );
    })
    .orderByRaw(
      "least(coalesce(c.sla_due_at, 'infinity'::timestamptz), coalesce(c.statutory_due_at, 'infinity'::timestamptz)), c.id",
    )
    .limit(options.limit);
  if (options.departmentIds) void query.whereIn('c.department_id', [...options.departmentIds]);
  const rows = (await query) as CaseRow[];
  return rows.map(toCaseRecord);
}

export interface AgeBand {
  label: string;
  /** Lower bound in hours, inclusive. */
  fromHours: number;
  /** Upper bound in hours, exclusive; null = no bound. */
  toHours: number | null;
}

export interface BacklogAgeRow {
  band: string;
  open: number;
  overdue: number;
}

/** Cases open at `at` (created before, not closed by then), counted by age band; overdue = past the SLA or statutory date at `at`. */
export async function backlogByAge(
  db: Knex,
  bands: readonly AgeBand[],
  options: ScopeFilter & { at: Date },
): Promise<BacklogAgeRow[]> {
  const query = db('cases')
    .select(
      db.raw('extract(epoch from (?::timestamptz - created_at)) / 3600 as age_hours', [options.at]),
      db.raw('(coalesce(sla_due_at < ?, false) or coalesce(statutory_due_at < ?, false)) as overdue', [
        options.at,
        options.at,
      ]),
    )
    .where('created_at', '<', options.at)
    .where((q) => void q.whereNull('closed_at').orWhere('closed_at', '>=', options.at));
  if (options.departmentIds) void query.whereIn('department_id', [...options.departmentIds]);
  const rows = (await query) as { age_hours: string | number; overdue: boolean }[];
  return bands.map((band) => {
    const inBand = rows.filter(
      (r) => Number(r.age_hours) >= band.fromHours && (band.toHours === null || Number(r.age_hours) < band.toHours),
    );
    return { band: band.label, open: inBand.length, overdue: inBand.filter((r) => r.overdue).length };
  });
}

export interface EscalationLevelRow {
  level: number;
  escalations: number;
  cases: number;
}

/** SLA escalations the workflows recorded in the period, per level (cases in scope). */
export async function escalationsByLevel(db: Knex, options: PeriodFilter): Promise<EscalationLevelRow[]> {
  const query = db('audit_entries as a')
    .join('cases as c', 'c.id', 'a.case_id')
    .select(
      db.raw("(a.details->>'level')::int as level"),
      db.raw('count(*)::int as escalations'),
      db.raw('count(distinct a.case_id)::int as cases'),
    )
    .where('a.event_type', 'sla-escalated')
    .where('a.occurred_at', '>=', options.from)
    .where('a.occurred_at', '<', options.to)
    .groupByRaw("(a.details->>'level')::int")
    .orderBy('level');
  if (options.departmentIds) void query.whereIn('c.department_id', [...options.departmentIds]);
  const rows = (await query) as { level: number; escalations: number; cases: number }[];
  return rows.map((r) => ({ level: Number(r.level), escalations: Number(r.escalations), cases: Number(r.cases) }));
}

export interface ChannelVolumeRow {
  /** null when the case records no channel. */
  channel: string | null;
  created: number;
}

/** Cases created in the period, per channel. */
export async function volumeByChannel(db: Knex, options: PeriodFilter): Promise<ChannelVolumeRow[]> {
  const query = db('cases')
    .select('channel', db.raw('count(*)::int as created'))
    .where('created_at', '>=', options.from)
    .where('created_at', '<', options.to)
    .groupBy('channel')
    .orderByRaw('count(*) desc, channel');
  if (options.departmentIds) void query.whereIn('department_id', [...options.departmentIds]);
  const rows = (await query) as { channel: string | null; created: number }[];
  return rows.map((r) => ({ channel: r.channel, created: Number(r.created) }));
}

export interface ResolutionTotals {
  closed: number;
  /** null when nothing closed in the period. */
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** Time from creation to closing over every case closed in the period (the same percentile as resolutionTimeReport). */
export async function resolutionTotals(db: Knex, options: PeriodFilter): Promise<ResolutionTotals> {
  const seconds = 'extract(epoch from (closed_at - created_at))';
  const query = db('cases')
    .select(
      db.raw('count(*)::int as closed'),
      db.raw(`percentile_cont(0.5) within group (order by ${seconds})::float8 as median_seconds`),
      db.raw(`percentile_cont(0.9) within group (order by ${seconds})::float8 as p90_seconds`),
    )
    .whereNotNull('closed_at')
    .where('closed_at', '>=', options.from)
    .where('closed_at', '<', options.to);
  if (options.departmentIds) void query.whereIn('department_id', [...options.departmentIds]);
  const [row] = (await query) as { closed: number; median_seconds: number | null; p90_seconds: number | null }[];
  return {
    closed: Number(row?.closed ?? 0),
    medianSeconds:
      row?.median_seconds === null || row?.median_seconds === undefined ? null : Number(row.median_seconds),
    p90Seconds: row?.p90_seconds === null || row?.p90_seconds === undefined ? null : Number(row.p90_seconds),
  };
}
