/** The application services the staff API and the Open311 routes share. */
export { createCaseService, staffActor, type CaseService, type StartCaseInput, type StartedCase, type ActOutcome, type CaseListQuery, type TimelineEntry } from './case-service';
export type { CaseCommand, CaseCommandKind } from './case-commands';
export { toCaseView, isOverdue, type CaseView } from './case-view';
export { createDefinitionService, type DefinitionService, type ValidationReport } from './definition-service';
export { createWorklistService, type WorklistKind, type WorklistEntry } from './worklist-service';
export { createReportService, toCsv } from './report-service';
export { createResidentService, type ResidentStatus } from './resident-service';
export type { ServiceDeps, RequestSource } from './service-deps';
export { runIdempotent, type IdempotentAnswer, type Reservation, type Reserved } from './idempotent-request';
export { CASE_RESERVATION, type CaseReservation } from './case-reservation';
