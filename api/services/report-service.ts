/** Management reports, scoped to the departments the principal sees, as rows or CSV. */
import { backlogReport, resolutionTimeReport, slaReport, type SlaGrouping } from '../../db';
import { can, departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { ServiceDeps } from './service-deps';

export type ReportRow = Record<string, string | number | null>;

export interface ReportWindowInput {
  from?: Date;
  to?: Date;
}

/**
 * RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote, and cells
 * holding a ";" are quoted too: spreadsheets in many locales split on ";", which would start a new
 * (unprefixed) cell in the middle of this one.
 */
export function toCsv(rows: readonly ReportRow[], columns: readonly string[]): string {
  const cell = (value: string | number | null | undefined): string => {
    if (value === null || value === undefined) return '';
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
    return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}

export function createReportService(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
  function scopeOf(principal: Principal): readonly string[] | undefined {
    if (!can(principal, 'reports:read'))
      throw new ApiError('FORBIDDEN', 'this needs the reports:read permission', { permission: 'reports:read' });
    return departmentScope(principal);
  }
  return {
    async sla(principal: Principal, groupBy: SlaGrouping, window: ReportWindowInput): Promise<ReportRow[]> {
      const scope = scopeOf(principal);
      const rows = await slaReport(deps.db, groupBy, { ...window, ...(scope ? { departmentIds: scope } : {}) });
      return rows.map((r) => ({
        definitionId: r.definitionId,
        departmentId: r.departmentId,
        stepId: r.stepId,
        total: r.total,
        met: r.met,
        percentMet: r.percentMet,
      }));
    },
    async backlog(principal: Principal): Promise<ReportRow[]> {
      const scope = scopeOf(principal);
      const rows = await backlogReport(deps.db, { now: deps.clock(), ...(scope ? { departmentIds: scope } : {}) });
      return rows.map((r) => ({
        definitionId: r.definitionId,
        departmentId: r.departmentId,
        open: r.open,
        overdue: r.overdue,
        oldestCreatedAt: r.oldestCreatedAt ? r.oldestCreatedAt.toISOString() : null,
      }));
    },
    async resolution(
      principal: Principal,
      groupBy: 'definition' | 'department',
      window: ReportWindowInput,
    ): Promise<ReportRow[]> {
      const scope = scopeOf(principal);
      const rows = await resolutionTimeReport(deps.db, groupBy, {
        ...window,
        ...(scope ? { departmentIds: scope } : {}),
      });
      return rows.map((r) => ({
        definitionId: r.definitionId,
        departmentId: r.departmentId,
        closed: r.closed,
        medianSeconds: r.medianSeconds,
        p90Seconds: r.p90Seconds,
      }));
    },
  };
}
