/**
 * The supervisor dashboard for a period, in the principal's departments: SLA % met by service, step and
 * department; backlog by age; median and p90 resolution time; escalations by level; volume by channel.
 * Also each table as CSV and the whole as the compliance PDF. Needs reports:read; a view is audited as
 * `reports.read`, a CSV or PDF as `reports.exported` (platform chain: who, which table, which period).
 */
import {
  backlogByAge,
  escalationsByLevel,
  resolutionTimeReport,
  resolutionTotals,
  satisfactionReport,
  slaReport,
  volumeByChannel,
} from '../../db';
import type { JsonObject } from '../../domain/audit';
import { departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { demand, recordPlatformEntry } from './case-access';
import { renderCompliancePdf } from './compliance-pdf';
import {
  BACKLOG_AGE_BANDS,
  dashboardTables,
  tableForCsv,
  type DashboardTable,
  type DashboardTableId,
} from './dashboard-tables';
import { toCsv } from './report-service';
import type { RequestSource, ServiceDeps } from './service-deps';

const DAY_MS = 86_400_000;
/** Default period: the 30 days up to now. */
export const DEFAULT_PERIOD_DAYS = 30;
/** Longest period one dashboard covers. */
export const MAX_PERIOD_DAYS = 400;

export interface PeriodInput {
  from?: Date;
  to?: Date;
}

export interface Period {
  from: Date;
  to: Date;
}

export interface Dashboard extends Period {
  generatedAt: string;
  /** The instant the backlog is counted at: the period's end, or now when that is earlier. */
  backlogAt: string;
  /** The departments the figures cover; null = all. */
  departments: string[] | null;
  tables: DashboardTable[];
}

/** The period asked for, with the defaults filled in; VALIDATION_FAILED when it is back to front or too long. */
export function resolvePeriod(input: PeriodInput, now: Date): Period {
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime())
    throw new ApiError('VALIDATION_FAILED', 'the period must start before it ends', { field: 'from' });
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS)
    throw new ApiError('VALIDATION_FAILED', `the period may be at most ${MAX_PERIOD_DAYS} days`, { field: 'from' });
  return { from, to };
}

export type DashboardService = ReturnType<typeof createDashboardService>;

export function createDashboardService(deps: Pick<ServiceDeps, 'db' | 'clock'> & { agencyName: string }) {
  async function build(principal: Principal, input: PeriodInput): Promise<Dashboard> {
    demand(principal, 'reports:read');
    const now = deps.clock();
    const period = resolvePeriod(input, now);
    const scope = departmentScope(principal);
    const inScope = scope ? { departmentIds: scope } : {};
    const window = { ...period, ...inScope };
    const backlogAt = new Date(Math.min(period.to.getTime(), now.getTime()));
    const [
      slaByService,
      slaByStep,
      slaByDepartment,
      backlog,
      resolutionByService,
      totals,
      escalations,
      channels,
      satisfactionByService,
      satisfactionByDepartment,
    ] = await Promise.all([
      slaReport(deps.db, 'definition', window),
      slaReport(deps.db, 'step', window),
      slaReport(deps.db, 'department', window),
      backlogByAge(deps.db, BACKLOG_AGE_BANDS, { at: backlogAt, ...inScope }),
      resolutionTimeReport(deps.db, 'definition', window),
      resolutionTotals(deps.db, window),
      escalationsByLevel(deps.db, window),
      volumeByChannel(deps.db, window),
      satisfactionReport(deps.db, 'definition', window),
      satisfactionReport(deps.db, 'department', window),
    ]);
    return {
      ...period,
      generatedAt: now.toISOString(),
      backlogAt: backlogAt.toISOString(),
      departments: scope ? [...scope] : null,
      tables: dashboardTables({
        slaByService,
        slaByStep,
        slaByDepartment,
        backlog,
        resolutionByService,
        resolutionTotals: totals,
        escalations,
        channels,
        satisfactionByService,
        satisfactionByDepartment,
      }),
    };
  }

  const audit = (principal: Principal, eventType: string, details: JsonObject, source: RequestSource) =>
    recordPlatformEntry(deps, principal, eventType, details, source);

  const periodDetails = (dashboard: Dashboard): JsonObject => ({
    from: dashboard.from.toISOString(),
    to: dashboard.to.toISOString(),
    departments: dashboard.departments,
  });
  const fileDay = (date: Date) => date.toISOString().slice(0, 10);

  return {
    async dashboard(principal: Principal, input: PeriodInput, source: RequestSource): Promise<Dashboard> {
      const dashboard = await build(principal, input);
      await audit(principal, 'reports.read', { report: 'dashboard', ...periodDetails(dashboard) }, source);
      return dashboard;
    },

    /** One table as CSV: the headings and cells the page shows, nothing more. */
    async exportTable(
      principal: Principal,
      tableId: DashboardTableId,
      input: PeriodInput,
      source: RequestSource,
    ): Promise<{ filename: string; csv: string }> {
      const dashboard = await build(principal, input);
      const table = dashboard.tables.find((t) => t.id === tableId);
      if (!table) throw new ApiError('NOT_FOUND', `no dashboard table ${tableId}`);
      const { rows, headings } = tableForCsv(table);
      await audit(
        principal,
        'reports.exported',
        { report: 'dashboard', table: tableId, format: 'csv', rows: rows.length, ...periodDetails(dashboard) },
        source,
      );
      return {
        filename: `${tableId}_${fileDay(dashboard.from)}_${fileDay(dashboard.to)}.csv`,
        csv: toCsv(rows, headings),
      };
    },

    /** The compliance report for the period as a PDF. */
    async compliancePdf(
      principal: Principal,
      input: PeriodInput,
      source: RequestSource,
    ): Promise<{ filename: string; pdf: Buffer }> {
      const dashboard = await build(principal, input);
      const pdf = await renderCompliancePdf({
        agency: deps.agencyName,
        from: dashboard.from,
        to: dashboard.to,
        generatedAt: new Date(dashboard.generatedAt),
        backlogAt: new Date(dashboard.backlogAt),
        scope: dashboard.departments ? dashboard.departments.join(', ') : 'all departments',
        tables: dashboard.tables,
      });
      await audit(
        principal,
        'reports.exported',
        { report: 'compliance', format: 'pdf', bytes: pdf.length, ...periodDetails(dashboard) },
        source,
      );
      return { filename: `sla-compliance_${fileDay(dashboard.from)}_${fileDay(dashboard.to)}.pdf`, pdf };
    },
  };
}
