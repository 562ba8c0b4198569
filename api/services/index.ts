/** The application services the staff API and the Open311 routes share. */
export {
  createCaseService,
  staffActor,
  type CaseService,
  type StartCaseInput,
  type StartedCase,
  type ActOutcome,
  type CaseListQuery,
  type TimelineEntry,
} from './case-service';
export type { CaseCommand, CaseCommandKind } from './case-commands';
export { toCaseView, isOverdue, type CaseView } from './case-view';
export { createDefinitionService, type DefinitionService, type ValidationReport } from './definition-service';
export { createWorklistService, type WorklistKind, type WorklistEntry } from './worklist-service';
export { createReportService, toCsv } from './report-service';
export { createResidentService, type ResidentStatus } from './resident-service';
export type { ServiceDeps, RequestSource } from './service-deps';
export {
  createPossibleDuplicatesService,
  DUPLICATE_RADIUS_METRES,
  MAX_POSSIBLE_DUPLICATES,
  type PossibleDuplicatesService,
  type PossibleDuplicate,
} from './possible-duplicates';
export { createCaseSlaService, type CaseSlaService, type CaseSla } from './case-sla-service';
export {
  stepSlaPanel,
  stepSlaPanels,
  slaMilestonesByToken,
  type StepSlaPanel,
  type StepSla,
  type EscalationMark,
  type SlaMilestones,
} from './sla-panel';
export {
  explainStatutoryClock,
  clockHistoryFromAudit,
  type StatutoryClockPanel,
  type ClockReason,
  type ClockHistory,
  type ClockFacts,
  type ClockPauseRecord,
  type ClockExtensionRecord,
} from './statutory-clock-explanation';
export { createAssigneeService, type AssigneeService, type EligibleAssigneeList } from './assignee-service';
export { eligibleAssignees, type EligibleAssignee, type AssignableTask, type StaffMember } from './eligible-assignees';
export { createChangeSignalService, changeTag, ifNoneMatchHits, type ChangeSignalService } from './list-change-tag';
export { worklistFilter } from './worklist-service';
export { demand, findVisibleCase, recordCaseRead, scopedCaseFilter } from './case-access';
export { runIdempotent, type IdempotentAnswer, type Reservation, type Reserved } from './idempotent-request';
export { CASE_RESERVATION, type CaseReservation } from './case-reservation';
export type { ResidentContactInput } from '../../workflows/case-contract';
export { createAtRiskService, AT_RISK_LIMIT, type AtRiskService, type AtRiskList } from './at-risk-service';
export type { AtRiskRow, AtRiskStage } from './at-risk-rows';
export {
  createDashboardService,
  resolvePeriod,
  type DashboardService,
  type Dashboard,
  type PeriodInput,
} from './dashboard-service';
export {
  DASHBOARD_TABLE_IDS,
  isDashboardTableId,
  cellText,
  type DashboardTable,
  type DashboardTableId,
} from './dashboard-tables';
