/**
 * The supervisor dashboard's tables from the report queries: one table per figure, each with its
 * columns (key and heading), its rows as shown, and what its chart plots. The page, the CSV and the
 * compliance PDF all print these same rows, so they cannot disagree. Pure.
 */
import type {
  AgeBand,
  BacklogAgeRow,
  ChannelVolumeRow,
  EscalationLevelRow,
  ResolutionRow,
  ResolutionTotals,
  SatisfactionRow,
  SlaReportRow,
} from '../../db';
import type { ReportRow } from './report-service';

export const DASHBOARD_TABLE_IDS = [
  'sla-by-service',
  'sla-by-step',
  'sla-by-department',
  'backlog-by-age',
  'resolution-time',
  'escalations-by-level',
  'volume-by-channel',
  'satisfaction-by-service',
  'satisfaction-by-department',
] as const;
export type DashboardTableId = (typeof DASHBOARD_TABLE_IDS)[number];

export const isDashboardTableId = (value: string): value is DashboardTableId =>
  (DASHBOARD_TABLE_IDS as readonly string[]).includes(value);

export interface DashboardColumn {
  key: string;
  label: string;
  numeric: boolean;
}

export interface DashboardTable {
  id: DashboardTableId;
  title: string;
  /** What the rows count, in one sentence (shown under the title and in the PDF). */
  description: string;
  columns: DashboardColumn[];
  rows: ReportRow[];
  /** The chart: one bar per row, labelled by these columns, the value from `value`. */
  chart: { labelKeys: string[]; value: string; valueLabel: string };
}

export const BACKLOG_AGE_BANDS: readonly AgeBand[] = [
  { label: 'under 1 day', fromHours: 0, toHours: 24 },
  { label: '1 to 3 days', fromHours: 24, toHours: 72 },
  { label: '3 to 7 days', fromHours: 72, toHours: 168 },
  { label: '7 to 30 days', fromHours: 168, toHours: 720 },
  { label: '30 days or more', fromHours: 720, toHours: null },
];

const column = (key: string, label: string, numeric = false): DashboardColumn => ({ key, label, numeric });
/** Hours with one decimal; null (nothing closed) stays empty. */
export const hours = (seconds: number | null): number | null =>
  seconds === null || Number.isNaN(seconds) ? null : Math.round(seconds / 360) / 10;

export interface DashboardFigures {
  slaByService: SlaReportRow[];
  slaByStep: SlaReportRow[];
  slaByDepartment: SlaReportRow[];
  backlog: BacklogAgeRow[];
  resolutionByService: ResolutionRow[];
  resolutionTotals: ResolutionTotals;
  escalations: EscalationLevelRow[];
  channels: ChannelVolumeRow[];
  satisfactionByService: SatisfactionRow[];
  satisfactionByDepartment: SatisfactionRow[];
}

export function dashboardTables(figures: DashboardFigures): DashboardTable[] {
  const met = (label: string) => [
    column('total', label, true),
    column('met', 'Met target', true),
    column('percentMet', '% met', true),
  ];
  const slaRow = (r: SlaReportRow, keys: Record<string, string | null>): ReportRow => ({
    ...keys,
    total: r.total,
    met: r.met,
    percentMet: r.percentMet,
  });
  return [
    {
      id: 'sla-by-service',
      title: 'SLA met by service',
      description: 'Cases closed in the period that had a service-level target, and how many closed by it.',
      columns: [column('service', 'Service'), ...met('Closed with a target')],
      rows: figures.slaByService.map((r) => slaRow(r, { service: r.definitionId })),
      chart: { labelKeys: ['service'], value: 'percentMet', valueLabel: '% met' },
    },
    {
      id: 'sla-by-step',
      title: 'SLA met by step',
      description: 'Steps finished in the period that had a target, and how many finished by their due time.',
      columns: [column('service', 'Service'), column('step', 'Step'), ...met('Steps finished with a target')],
      rows: figures.slaByStep.map((r) => slaRow(r, { service: r.definitionId, step: r.stepId })),
      chart: { labelKeys: ['service', 'step'], value: 'percentMet', valueLabel: '% met' },
    },
    {
      id: 'sla-by-department',
      title: 'SLA met by department',
      description: 'Cases closed in the period that had a service-level target, by the department holding them.',
      columns: [column('department', 'Department'), ...met('Closed with a target')],
      rows: figures.slaByDepartment.map((r) => slaRow(r, { department: r.departmentId ?? 'none' })),
      chart: { labelKeys: ['department'], value: 'percentMet', valueLabel: '% met' },
    },
    {
      id: 'backlog-by-age',
      title: 'Backlog by age',
      description:
        'Cases open at the end of the period, by how long they had been open; overdue = past their SLA or statutory date then.',
      columns: [column('age', 'Age'), column('open', 'Open', true), column('overdue', 'Overdue', true)],
      rows: figures.backlog.map((r) => ({ age: r.band, open: r.open, overdue: r.overdue })),
      chart: { labelKeys: ['age'], value: 'open', valueLabel: 'Open cases' },
    },
    {
      id: 'resolution-time',
      title: 'Resolution time',
      description:
        'Time from request to close of the cases closed in the period, in elapsed hours: median and 90th percentile.',
      columns: [
        column('service', 'Service'),
        column('closed', 'Closed', true),
        column('medianHours', 'Median hours', true),
        column('p90Hours', '90th percentile hours', true),
      ],
      rows: [
        {
          service: 'All services',
          closed: figures.resolutionTotals.closed,
          medianHours: hours(figures.resolutionTotals.medianSeconds),
          p90Hours: hours(figures.resolutionTotals.p90Seconds),
        },
        ...figures.resolutionByService.map((r) => ({
          service: r.definitionId,
          closed: r.closed,
          medianHours: hours(r.medianSeconds),
          p90Hours: hours(r.p90Seconds),
        })),
      ],
      chart: { labelKeys: ['service'], value: 'medianHours', valueLabel: 'Median hours' },
    },
    {
      id: 'escalations-by-level',
      title: 'Escalations by level',
      description: 'SLA escalations the cases reached in the period, per level, and how many cases reached each.',
      columns: [
        column('level', 'Level', true),
        column('escalations', 'Escalations', true),
        column('cases', 'Cases', true),
      ],
      rows: figures.escalations.map((r) => ({ level: r.level, escalations: r.escalations, cases: r.cases })),
      chart: { labelKeys: ['level'], value: 'escalations', valueLabel: 'Escalations' },
    },
    {
      id: 'volume-by-channel',
      title: 'Volume by channel',
      description: 'Cases created in the period, by how the request came in.',
      columns: [column('channel', 'Channel'), column('created', 'Cases created', true)],
      rows: figures.channels.map((r) => ({ channel: r.channel ?? 'not recorded', created: r.created })),
      chart: { labelKeys: ['channel'], value: 'created', valueLabel: 'Cases created' },
    },
    satisfactionTable(
      'satisfaction-by-service',
      'Satisfaction by service',
      column('service', 'Service'),
      figures.satisfactionByService.map((r) => ({ service: r.key ?? 'none', ...satisfactionCells(r) })),
    ),
    satisfactionTable(
      'satisfaction-by-department',
      'Satisfaction by department',
      column('department', 'Department'),
      figures.satisfactionByDepartment.map((r) => ({ department: r.key ?? 'none', ...satisfactionCells(r) })),
    ),
  ];
}

const satisfactionCells = (r: SatisfactionRow): ReportRow => ({
  sent: r.sent,
  answered: r.answered,
  averageRating: r.averageRating,
  low: r.low,
});

function satisfactionTable(
  id: DashboardTableId,
  title: string,
  first: DashboardColumn,
  rows: ReportRow[],
): DashboardTable {
  return {
    id,
    title,
    description:
      'Surveys sent in the period to residents whose cases closed: how many answered, the average rating (1 to 5) and the low ratings (1 or 2).',
    columns: [
      first,
      column('sent', 'Surveys sent', true),
      column('answered', 'Answered', true),
      column('averageRating', 'Average rating', true),
      column('low', 'Low ratings', true),
    ],
    rows,
    chart: { labelKeys: [first.key], value: 'averageRating', valueLabel: 'Average rating' },
  };
}

/** A table's cell as printed on the page, in the CSV and in the PDF. */
export function cellText(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The table as CSV rows keyed by heading, exactly the cells the page shows. */
export function tableForCsv(table: DashboardTable): { rows: ReportRow[]; headings: string[] } {
  return {
    headings: table.columns.map((c) => c.label),
    rows: table.rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.label, row[c.key] ?? null]))),
  };
}
