/**
 * Management reports computed in SQL over the read model: SLA met per process, department or step;
 * backlog; resolution time median and p90. Only cases with an SLA due date count towards SLA figures.
 */
import type { Knex } from 'knex';

export interface ReportWindow {
  /** Cases (or step visits) closed at or after this instant. */
  from?: Date;
  /** … and before this instant. */
  to?: Date;
  /** Department scope; undefined = all. */
  departmentIds?: readonly string[];
}

export interface SlaReportRow {
  definitionId: string | null;
  departmentId: string | null;
  stepId: string | null;
  total: number;
  met: number;
  /** 0..100 with one decimal; null when total is 0. */
  percentMet: number | null;
}

export type SlaGrouping = 'definition' | 'department' | 'step';

const percent = (met: number, total: number): number | null =>
  total === 0 ? null : Math.round((met / total) * 1000) / 10;

export async function slaReport(db: Knex, groupBy: SlaGrouping, window: ReportWindow = {}): Promise<SlaReportRow[]> {
  if (groupBy === 'step') {
    const query = db('case_step_history as h')
      .join('cases as c', 'c.id', 'h.case_id')
      .select(
        'c.definition_id',
        'h.step_id',
        db.raw('count(*)::int as total'),
        db.raw('count(*) filter (where h.completed_at <= h.due_at)::int as met'),
      )
      .whereNotNull('h.due_at')
      .groupBy('c.definition_id', 'h.step_id')
      .orderBy(['c.definition_id', 'h.step_id']);
    if (window.from) void query.where('h.completed_at', '>=', window.from);
    if (window.to) void query.where('h.completed_at', '<', window.to);
    if (window.departmentIds) void query.whereIn('h.department_id', [...window.departmentIds]);
    const rows = (await query) as { definition_id: string; step_id: string; total: number; met: number }[];
    return rows.map((r) => ({
      definitionId: r.definition_id,
      departmentId: null,
      stepId: r.step_id,
      total: Number(r.total),
      met: Number(r.met),
      percentMet: percent(Number(r.met), Number(r.total)),
    }));
  }
  const column = groupBy === 'definition' ? 'definition_id' : 'department_id';
  const query = db('cases')
    .select(
      column,
      db.raw('count(*)::int as total'),
      db.raw('count(*) filter (where closed_at <= sla_due_at)::int as met'),
    )
    .whereNotNull('closed_at')
    .whereNotNull('sla_due_at')
    .groupBy(column)
    .orderBy(column);
  if (window.from) void query.where('closed_at', '>=', window.from);
  if (window.to) void query.where('closed_at', '<', window.to);
  if (window.departmentIds) void query.whereIn('department_id', [...window.departmentIds]);
  const rows = (await query) as ({ total: number; met: number } & Record<string, string | null>)[];
  return rows.map((r) => ({
    definitionId: groupBy === 'definition' ? r.definition_id : null,
    departmentId: groupBy === 'department' ? r.department_id : null,
    stepId: null,
    total: Number(r.total),
    met: Number(r.met),
    percentMet: percent(Number(r.met), Number(r.total)),
  }));
}

export interface BacklogRow {
  definitionId: string;
  departmentId: string | null;
  open: number;
  overdue: number;
  oldestCreatedAt: Date | null;
}

/** Open cases per process and department, with how many are past their SLA or statutory date. */
export async function backlogReport(
  db: Knex,
  options: { now?: Date; departmentIds?: readonly string[] } = {},
): Promise<BacklogRow[]> {
  const now = options.now ?? new Date();
  const query = db('cases')
    .select(
      'definition_id',
      'department_id',
      db.raw('count(*)::int as open'),
      db.raw('count(*) filter (where sla_due_at < ? or statutory_due_at < ?)::int as overdue', [now, now]),
      db.raw('min(created_at) as oldest_created_at'),
    )
    .whereNull('closed_at')
    .groupBy('definition_id', 'department_id')
    .orderBy(['definition_id', 'department_id']);
  if (options.departmentIds) void query.whereIn('department_id', [...options.departmentIds]);
  const rows = (await query) as {
    definition_id: string;
    department_id: string | null;
    open: number;
    overdue: number;
    oldest_created_at: Date | null;
  }[];
  return rows.map((r) => ({
    definitionId: r.definition_id,
    departmentId: r.department_id,
    open: Number(r.open),
    overdue: Number(r.overdue),
    oldestCreatedAt: r.oldest_created_at,
  }));
}

export interface ResolutionRow {
  definitionId: string | null;
  departmentId: string | null;
  closed: number;
  medianSeconds: number;
  p90Seconds: number;
}

/** Time from creation to closing, median and 90th percentile (continuous), per process or department. */
export async function resolutionTimeReport(
  db: Knex,
  groupBy: 'definition' | 'department',
  window: ReportWindow = {},
): Promise<ResolutionRow[]> {
  const column = groupBy === 'definition' ? 'definition_id' : 'department_id';
  const seconds = 'extract(epoch from (closed_at - created_at))';
  const query = db('cases')
    .select(
      column,
      db.raw('count(*)::int as closed'),
      db.raw(`percentile_cont(0.5) within group (order by ${seconds})::float8 as median_seconds`),
      db.raw(`percentile_cont(0.9) within group (order by ${seconds})::float8 as p90_seconds`),
    )
    .whereNotNull('closed_at')
    .groupBy(column)
    .orderBy(column);
  if (window.from) void query.where('closed_at', '>=', window.from);
  if (window.to) void query.where('closed_at', '<', window.to);
  if (window.departmentIds) void query.whereIn('department_id', [...window.departmentIds]);
  const rows = (await query) as ({ closed: number; median_seconds: number; p90_seconds: number } & Record<
    string,
    string | null
  >)[];
  return rows.map((r) => ({
    definitionId: groupBy === 'definition' ? r.definition_id : null,
    departmentId: groupBy === 'department' ? r.department_id : null,
    closed: Number(r.closed),
    medianSeconds: Number(r.median_seconds),
    p90Seconds: Number(r.p90_seconds),
  }));
}
