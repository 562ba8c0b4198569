/**
 * The SLA panel of a case for staff pages and the API: per current step (entered, warning, due,
 * escalation levels, the calendar) and the statutory clock with "why this date". Reads the read model,
 * the case's audit trail and the pinned definition version; never asks the workflow. The read is audited.
 */
import { listAuditEntries } from '../../db';
import type { Calendar } from '../../domain/calendar';
import type { Principal } from '../auth/principal';
import { demand, findVisibleCase, recordCaseRead } from './case-access';
import type { DefinitionCache } from './definition-cache';
import type { RequestSource, ServiceDeps } from './service-deps';
import { SLA_AUDIT_EVENT_TYPES, stepSlaPanels, type StepSlaPanel } from './sla-panel';
import {
  CLOCK_AUDIT_EVENT_TYPES,
  clockHistoryFromAudit,
  explainStatutoryClock,
  type StatutoryClockPanel,
} from './statutory-clock-explanation';

export interface CaseSla {
  caseId: string;
  definition: { id: string; version: string; hash: string };
  /** The instant overdue flags and days left were judged at. */
  at: string;
  steps: StepSlaPanel[];
  /** null when the process has no statutory clock. */
  statutoryClock: StatutoryClockPanel | null;
  /** The business calendars the steps and the clock count in, by id (e.g. to word "3 working hours overdue"). */
  calendars: Record<string, Calendar>;
}

export type CaseSlaService = ReturnType<typeof createCaseSlaService>;

export function createCaseSlaService(deps: Pick<ServiceDeps, 'db' | 'clock'> & { definitions: DefinitionCache }) {
  return {
    async caseSla(principal: Principal, caseId: string, source: RequestSource): Promise<CaseSla> {
      demand(principal, 'cases:read');
      const record = await findVisibleCase(deps, principal, caseId);
      const definition = await deps.definitions.get(record.definitionId, record.definitionVersion);
      const entries = await listAuditEntries(deps.db, caseId, {
        eventTypes: [...SLA_AUDIT_EVENT_TYPES, ...CLOCK_AUDIT_EVENT_TYPES],
        limit: 5000,
      });
      await recordCaseRead(deps, principal, caseId, 'sla', source);
      const now = deps.clock();
      const clock = definition.statutoryClock;
      const clockCalendarId = clock?.calendar ?? definition.defaultCalendar;
      const steps = stepSlaPanels(definition, record.currentSteps, entries, now);
      const calendarIds = new Set([
        ...steps.flatMap((s) => (s.sla?.calendar ? [s.sla.calendar.id] : [])),
        ...(clock && clockCalendarId ? [clockCalendarId] : []),
      ]);
      return {
        caseId: record.id,
        definition: { id: record.definitionId, version: record.definitionVersion, hash: record.definitionHash },
        at: now.toISOString(),
        steps,
        calendars: Object.fromEntries(
          [...calendarIds].flatMap((id) => (definition.calendars[id] ? [[id, definition.calendars[id]]] : [])),
        ),
        statutoryClock: clock
          ? explainStatutoryClock(
              {
                definition: clock,
                calendar: clockCalendarId ? definition.calendars[clockCalendarId] : undefined,
                history: clockHistoryFromAudit(entries.filter((e) => CLOCK_AUDIT_EVENT_TYPES.includes(e.eventType))),
                dueAt: record.statutoryDueAt,
                paused: record.statutoryClockPaused,
                closedAt: record.closedAt,
              },
              now,
            )
          : null,
      };
    },
  };
}
