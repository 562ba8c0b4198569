/**
 * The supervisor's overdue and at-risk list: open cases in the principal's departments with a step the
 * workflow warned about or past due (or a passed statutory date), with the reason, most late first.
 * Needs worklist:supervise; the list read is audited as `cases.listed` like every staff list.
 */
import { listAtRiskCases, listAuditEntries } from '../../db';
import type { Calendar } from '../../domain/calendar';
import { departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { atRiskRows, sortByLateness, type AtRiskRow } from './at-risk-rows';
import { demand, recordPlatformEntry } from './case-access';
import type { DefinitionCache } from './definition-cache';
import { toCsv, type ReportRow } from './report-service';
import type { RequestSource, ServiceDeps } from './service-deps';
import { SLA_AUDIT_EVENT_TYPES, stepSlaPanels } from './sla-panel';

/** At most this many cases are read for one list (the most overdue first). */
export const AT_RISK_LIMIT = 200;

export interface AtRiskList {
  at: string;
  rows: AtRiskRow[];
  /** The calendars the rows' steps count working time in, by id. */
  calendars: Record<string, Calendar>;
}

export type AtRiskService = ReturnType<typeof createAtRiskService>;

/** The CSV's columns: the row fields a spreadsheet needs, in the list's order. */
export const AT_RISK_CSV_COLUMNS = [
  'trackingNumber',
  'definitionId',
  'departmentId',
  'stepId',
  'stepTitle',
  'stage',
  'thresholdAt',
  'warningAt',
  'dueAt',
  'lateSeconds',
  'escalationLevel',
  'nextEscalationAt',
  'assigneeId',
] as const;

export function createAtRiskService(deps: Pick<ServiceDeps, 'db' | 'clock'> & { definitions: DefinitionCache }) {
  async function atRisk(principal: Principal, source: RequestSource): Promise<AtRiskList> {
    demand(principal, 'worklist:supervise');
    const now = deps.clock();
    const scope = departmentScope(principal);
    const records = await listAtRiskCases(deps.db, {
      now,
      limit: AT_RISK_LIMIT,
      ...(scope ? { departmentIds: scope } : {}),
    });
    const rows: AtRiskRow[] = [];
    const calendars: Record<string, Calendar> = {};
    for (const record of records) {
      const definition = await deps.definitions.get(record.definitionId, record.definitionVersion);
      const entries = await listAuditEntries(deps.db, record.id, {
        eventTypes: [...SLA_AUDIT_EVENT_TYPES],
        limit: 5000,
      });
      const caseRows = atRiskRows(record, stepSlaPanels(definition, record.currentSteps, entries, now), now);
      for (const row of caseRows)
        if (row.calendarId && definition.calendars[row.calendarId])
          calendars[row.calendarId] = definition.calendars[row.calendarId];
      rows.push(...caseRows);
    }
    if (rows.length > 0) {
      await recordPlatformEntry(
        deps,
        principal,
        'cases.listed',
        { caseIds: [...new Set(rows.map((row) => row.caseId))], filter: { list: 'at-risk' } },
        source,
      );
    }
    return { at: now.toISOString(), rows: sortByLateness(rows), calendars };
  }

  return {
    atRisk,

    /** The list as CSV (one line per row, most late first), audited as `reports.exported` with the case ids. */
    async atRiskCsv(principal: Principal, source: RequestSource): Promise<{ filename: string; csv: string }> {
      const list = await atRisk(principal, source);
      await recordPlatformEntry(
        deps,
        principal,
        'reports.exported',
        { report: 'at-risk', format: 'csv', caseIds: [...new Set(list.rows.map((row) => row.caseId))] },
        source,
      );
      const rows = list.rows.map((row): ReportRow =>
        Object.fromEntries(AT_RISK_CSV_COLUMNS.map((column) => [column, row[column]])),
      );
      return {
        filename: `at-risk_${list.at.slice(0, 16).replace(/[:T]/g, '-')}.csv`,
        csv: toCsv(rows, AT_RISK_CSV_COLUMNS),
      };
    },
  };
}
