/** The workflow bundle's entry point: every workflow the case worker runs. */
export { caseWorkflow } from './case-workflow';
export { outboxSweepWorkflow } from './outbox-sweep.workflow';
