/** The workflow bundle's entry point: every workflow the case worker runs. */
export { caseWorkflow } from './case-workflow';
export { dispositionWorkflow } from './disposition-workflow';
export { outboxSweepWorkflow } from './outbox-sweep.workflow';
export { housekeepingWorkflow } from './housekeeping.workflow';
