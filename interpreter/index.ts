/**
 * The pure case interpreter — the only part of CivicFlow's process logic that workflow code imports.
 * Deterministic: no I/O, no clock (callers pass `now` in epoch ms), no randomness; state is plain JSON.
 */
export {
  startCase,
  applyCaseEvent,
  nextDeadline,
  fireDueDeadlines,
  rejectionAuditEntry,
  CaseInputError,
} from './apply-case-event';
export { startDataProblems, writeDataProblems, type CaseDataRuleProblem } from './case-data-rules';
export { availableActions, canWorkOn } from './available-actions';
export type { AvailableAction, AvailableClaim } from './available-actions';
export { InterpreterError } from './transition';
export * from './case-model';
export { CalendarError } from './errors';
export {
  addWorkingTime,
  addWorkingDays,
  subtractWorkingTime,
  subtractWorkingDays,
  workingTimeBetween,
  workingDaysBetween,
  isWorkingTime,
  isWorkingDay,
  holidayName,
  nextWorkingInstant,
  closeOfBusiness,
  instantAtFraction,
  calendarDaysOffBetween,
  type CalendarDayOff,
} from './working-time';
export { thresholdInstant } from './sla-timers';
export { checkEligible, checkSeparation } from './human-task-rules';
export { addDuration, subtractDuration } from './durations';
export {
  migrateCase,
  migrationMapFor,
  type CaseMigration,
  type MigrationRefusalCode,
  type StepMove,
  type UnmappedStep,
} from './migrate-case';
