/**
 * Drives a definition's shipped scenario through the real case workflow: staff actions, resident
 * events and clock operations become signals, `advance` moves the embedded server's virtual clock,
 * checkpoints read the workflow's state by query, and the final expectations are checked against the
 * audit trail the activities wrote to Postgres.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type {
  CompiledDefinition,
  ScenarioDocument,
  ScenarioEventDocument,
  ScenarioStepDocument,
} from '../../../domain/definition';
import type { Actor, AuditEntry } from '../../../interpreter/case-model';
import {
  DEFAULT_SCENARIO_START,
  advanceTarget,
  describeExpected,
  eventMismatches,
  scenarioAction,
} from '../../../simulator/scenario-runner';
import { listAuditEntries, type Database } from '../../../db';
import { startCaseWorkflow } from '../../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './case-observe';
import {
  cancelCaseSignal,
  caseStateQuery,
  externalEventSignal,
  extendClockSignal,
  pauseClockSignal,
  reopenSignal,
  resumeClockSignal,
  staffActionSignal,
  withdrawSignal,
  type CaseSummary,
} from '../../../workflows/case-contract';
import type { CaseServer } from './case-harness';
import { advanceCaseTo } from './case-time';

export interface ScenarioRun {
  caseId: string;
  summary: CaseSummary;
  timeline: AuditEntry[];
  failures: string[];
}

/** An audit row as the interpreter's entry, so the simulator's matcher applies. */
export function asInterpreterEntry(row: {
  eventType: string;
  occurredAt: Date;
  details: Record<string, unknown>;
}): AuditEntry {
  const d = row.details;
  return {
    type: row.eventType as AuditEntry['type'],
    at: row.occurredAt.toISOString(),
    ...(typeof d.step === 'string' ? { step: d.step } : {}),
    ...(typeof d.action === 'string' ? { action: d.action } : {}),
    ...(typeof d.level === 'number' ? { level: d.level } : {}),
    ...(typeof d.template === 'string' ? { template: d.template } : {}),
  };
}

export async function caseTimeline(db: Database, caseId: string): Promise<AuditEntry[]> {
  return (await listAuditEntries(db, caseId, { limit: 5000 })).map(asInterpreterEntry);
}

export async function driveScenario(
  env: CaseServer,
  db: Database,
  definition: CompiledDefinition,
  scenario: ScenarioDocument,
): Promise<ScenarioRun> {
  const failures: string[] = [];
  const caseId = `${definition.id}-${scenario.name}-${randomUUID().slice(0, 8)}`;
  const clock = env.server.clock;
  const handle: WorkflowHandle = await startCaseWorkflow(
    env.client,
    { caseId, definition, data: scenario.data ?? {} },
    { taskQueue: env.taskQueue },
  );
  // Moving the clock while a workflow task or activity runs would time it out: settle first.
  await waitUntilSettled(handle);

  const checkEvents = (
    timeline: AuditEntry[],
    events: readonly ScenarioEventDocument[],
    absent: readonly ScenarioEventDocument[],
    where: string,
  ) => {
    for (const mismatch of eventMismatches(timeline, events, absent))
      failures.push(
        mismatch.kind === 'missing'
          ? `${where}expected event ${describeExpected(mismatch.wanted)} ${mismatch.afterPrevious ? 'after the previous expected event ' : ''}is not in the audit trail`
          : `${where}event ${describeExpected(mismatch.wanted)} is in the audit trail at ${mismatch.at} but should not be`,
      );
  };

  const actor = (id: string): Actor => {
    const declared = scenario.actors?.[id];
    if (!declared) throw new Error(`actor "${id}" is not declared in scenario ${scenario.name}`);
    return {
      id,
      roles: declared.roles,
      ...(declared.department ? { department: declared.department } : {}),
      kind: 'staff',
    };
  };

  const send = async (
    index: number,
    what: string,
    signal: (eventId: string) => Promise<void>,
    expectRejected?: string | boolean,
  ) => {
    const eventId = randomUUID();
    await signal(eventId);
    const outcome = await waitForEventOutcome(handle, eventId);
    const wantRejected = expectRejected !== undefined && expectRejected !== false;
    if (outcome.status === 'rejected') {
      if (!wantRejected) failures.push(`step ${index}: ${what} was rejected: ${outcome.code} ${outcome.reason}`);
      else if (
        typeof expectRejected === 'string' &&
        expectRejected !== outcome.code &&
        !outcome.reason.includes(expectRejected)
      ) {
        failures.push(`step ${index}: ${what} was rejected with ${outcome.code}, expected ${expectRejected}`);
      }
    } else if (wantRejected) {
      failures.push(`step ${index}: ${what} was ${outcome.status} but should have been rejected`);
    }
    await waitUntilSettled(handle);
  };

  const advanceTo = async (target: number) => {
    await advanceCaseTo(clock, handle, target);
  };

  const run = async (index: number, step: ScenarioStepDocument): Promise<void> => {
    if ('act' in step) {
      const act = step.act;
      await send(
        index,
        `action ${act.step}/${act.action} by ${act.by}`,
        (eventId) => handle.signal(staffActionSignal, { eventId, ...scenarioAction(act, actor(act.by)) }),
        act.expectRejected,
      );
    } else if ('advance' in step) {
      const target = advanceTarget(definition, step.advance, clock.now());
      if (!target.ok) throw new Error(target.message);
      await advanceTo(target.at);
    } else if ('advanceTo' in step) {
      await advanceTo(Date.parse(step.advanceTo));
    } else if ('event' in step) {
      const event = step.event;
      await send(
        index,
        `event ${event.type}`,
        (eventId) =>
          handle.signal(externalEventSignal, {
            eventId,
            event: event.type,
            ...(event.data ? { data: event.data } : {}),
          }),
        event.expectRejected,
      );
    } else if ('pauseClock' in step) {
      const { reason, expectRejected } = step.pauseClock;
      await send(
        index,
        'pause-clock',
        (eventId) => handle.signal(pauseClockSignal, { eventId, reason }),
        expectRejected,
      );
    } else if ('resumeClock' in step) {
      await send(
        index,
        'resume-clock',
        (eventId) => handle.signal(resumeClockSignal, { eventId }),
        step.resumeClock?.expectRejected,
      );
    } else if ('extendClock' in step) {
      const { by, reason, expectRejected } = step.extendClock;
      await send(
        index,
        'extend-clock',
        (eventId) => handle.signal(extendClockSignal, { eventId, by, ...(reason ? { reason } : {}) }),
        expectRejected,
      );
    } else if ('withdraw' in step) {
      await send(
        index,
        'withdraw',
        (eventId) => handle.signal(withdrawSignal, { eventId }),
        step.withdraw?.expectRejected,
      );
    } else if ('reopen' in step) {
      await send(index, 'reopen', (eventId) => handle.signal(reopenSignal, { eventId }), step.reopen?.expectRejected);
    } else if ('cancel' in step) {
      const { by, comment, expectRejected } = step.cancel;
      await send(
        index,
        `cancel by ${by}`,
        (eventId) => handle.signal(cancelCaseSignal, { eventId, actor: actor(by), ...(comment ? { comment } : {}) }),
        expectRejected,
      );
    } else if ('expect' in step) {
      const expect = step.expect;
      const state = await handle.query(caseStateQuery);
      if (expect.steps) {
        const on = state.active
          .filter((a) => a.type !== 'parallel')
          .map((a) => a.stepId)
          .sort();
        const want = [...expect.steps].sort();
        if (JSON.stringify(on) !== JSON.stringify(want))
          failures.push(`step ${index}: expected the case on [${want.join(', ')}], it is on [${on.join(', ')}]`);
      }
      if (expect.status !== undefined && state.status !== expect.status)
        failures.push(`step ${index}: expected status "${expect.status}", it is "${state.status ?? ''}"`);
      if (expect.priority !== undefined && state.priority !== expect.priority)
        failures.push(`step ${index}: expected priority "${expect.priority}", it is "${state.priority}"`);
      if (expect.events || expect.absent) {
        const sofar = await caseTimeline(db, caseId);
        checkEvents(sofar, expect.events ?? [], expect.absent ?? [], `step ${index}: `);
      }
      if (expect.assignedRole !== undefined) {
        const roles = state.active.filter((a) => a.type === 'human').map((a) => a.role);
        if (!roles.includes(expect.assignedRole))
          failures.push(
            `step ${index}: expected a task for role "${expect.assignedRole}", tasks are for [${roles.join(', ')}]`,
          );
      }
    }
  };

  for (const [i, step] of scenario.steps.entries()) await run(i + 1, step);
  const summary = await waitUntilSettled(handle);
  const timeline = await caseTimeline(db, caseId);

  const expect = scenario.expect;
  if (expect.outcome !== undefined && summary.outcome?.id !== expect.outcome)
    failures.push(`expected outcome "${expect.outcome}", got "${summary.outcome?.id ?? '(still open)'}"`);
  if (expect.open !== undefined && (summary.lifecycle === 'open') !== expect.open)
    failures.push(`expected the case ${expect.open ? 'open' : 'closed'}, it is ${summary.lifecycle}`);
  if (expect.status !== undefined && summary.status !== expect.status)
    failures.push(`expected final status "${expect.status}", got "${summary.status ?? ''}"`);
  checkEvents(timeline, expect.events ?? [], expect.absent ?? [], '');
  return { caseId, summary, timeline, failures };
}

export function scenarioStart(scenario: ScenarioDocument): number {
  return Date.parse(scenario.startAt ?? DEFAULT_SCENARIO_START);
}
