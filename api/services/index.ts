/** The application services the staff API and the Open311 routes share. */
export { createCaseService, staffActor, type CaseService, type StartCaseInput, type StartedCase, type ActOutcome, type CaseListQuery, type TimelineEntry } from './case-service';
export type { CaseCommand, CaseCommandKind } from './case-commands';
export { toCaseView, isOverdue, type CaseView } from './case-view';
export { createDefinitionService, type DefinitionService, type ValidationReport } from './definition-service';
export { createWorklistService, type WorklistKind, type WorklistEntry } from './worklist-service';
export { createReportService, toCsv } from './report-service';
export { createResidentService, type ResidentStatus } from './resident-service';
export type { ServiceDeps, RequestSource } from './service-deps';
export { runIdempotent, type IdempotentAnswer } from './idempotent-request';
export { createPossibleDuplicatesService, DUPLICATE_RADIUS_METRES, MAX_POSSIBLE_DUPLICATES, type PossibleDuplicatesService, type PossibleDuplicate } from './possible-duplicates';
export { createCaseSlaService, type CaseSlaService, type CaseSla } from './case-sla-service';
export { stepSlaPanel, stepSlaPanels, slaMilestonesByToken, type StepSlaPanel, type StepSla, type EscalationMark, type SlaMilestones } from './sla-panel';
export { explainStatutoryClock, clockHistoryFromAudit, type StatutoryClockPanel, type ClockReason, type ClockHistory, type ClockFacts, type ClockPauseRecord, type ClockExtensionRecord } from './statutory-clock-explanation';
export { createAssigneeService, type AssigneeService, type EligibleAssigneeList } from './assignee-service';
export { eligibleAssignees, type EligibleAssignee, type AssignableTask, type StaffMember } from './eligible-assignees';
export { createChangeSignalService, changeTag, ifNoneMatchHits, type ChangeSignalService } from './list-change-tag';
export { worklistFilter } from './worklist-service';
export { demand, findVisibleCase, recordCaseRead, scopedCaseFilter } from './case-access';
