/**
 * A deadline that falls due while no worker runs (the platform is down) fires when the platform is
 * back; its audit entries — what the timeline shows — say when that was, and which deadline it was
 * for, instead of pretending it happened at the deadline (issue 9, defect 6). Virtual time is frozen,
 * so every instant is exact: the worker is stopped, the clock moved 90 s past the SLA warning's due
 * instant, and a new worker started.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { listAuditEntries, upsertDepartment } from '../../db';
import { nextDeadline } from '../../interpreter';
import { startCaseWorkflow } from '../../client/case-client';
import { waitUntilSettled } from './support/case-observe';
import { caseStateQuery } from '../../workflows/case-contract';
import {
  createTestDatabase,
  setVirtualNow,
  shippedDefinition,
  startCaseServer,
  type CaseServer,
  type TestDatabase,
} from './support/case-harness';
import { waitFor } from '../support/until';

const permit = shippedDefinition('building-permit');
const FILED = Date.parse('2026-03-26T09:00:00-07:00');
const DOWN_FOR_MS = 90_000;

describe('a deadline that fell due while the platform was down', () => {
  let t: TestDatabase;
  let env: CaseServer;
  const running: { worker: Worker; run: Promise<void> }[] = [];

  const startWorker = async () => {
    const worker = await env.newWorker({ db: t.db });
    running.push({ worker, run: worker.run() });
  };
  const stopWorkers = async () => {
    for (const { worker, run } of running.splice(0)) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
    }
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertDepartment(t.db, { id: 'building-safety', name: 'Department of Building and Safety' });
    env = await startCaseServer({ startAt: FILED, frozen: true });
    await startWorker();
  }, 120_000);
  afterAll(async () => {
    await stopWorkers();
    await env?.close();
    await t?.drop();
  });

  it('is recorded when it fired, with the deadline it was for', async () => {
    const caseId = `late-${randomUUID().slice(0, 8)}`;
    setVirtualNow(env.server, FILED);
    const handle = await startCaseWorkflow(
      env.client,
      {
        caseId,
        definition: permit,
        data: {
          applicantName: 'Dana Applicant',
          applicantEmail: 'dana@example.org',
          propertyAddress: '200 N Spring St, Los Angeles 90012',
          workType: 'alteration',
          projectDescription: 'Office fit-out',
        },
      },
      { taskQueue: env.taskQueue },
    );
    await waitUntilSettled(handle);
    const first = nextDeadline(await handle.query(caseStateQuery));
    if (!first) throw new Error('the case armed no deadline');

    // Down: nobody runs the case while its first deadline falls due and for 90 s after.
    await stopWorkers();
    const clock = env.server.clock;
    await clock.advance(first.dueMs + DOWN_FOR_MS - clock.now());
    await startWorker();
    // The new worker handles the fired timer; a query may answer from before it, so wait for the record.
    const fired = async () =>
      (await listAuditEntries(t.db, caseId, { limit: 500 })).some((entry) => entry.eventType.startsWith('sla-'));
    await waitFor('the fired deadline on the audit trail', fired, 60_000, 100);
    await waitUntilSettled(handle, { timeoutMs: 60_000 });

    const all = await listAuditEntries(t.db, caseId, { limit: 500 });
    const entries = all.filter((entry) => entry.details.deadlineAt !== undefined);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.details.deadlineAt).toBe(first.dueAt);
      expect(entry.occurredAt.getTime()).toBeGreaterThanOrEqual(first.dueMs + DOWN_FOR_MS);
    }
    // The deadline's own entry (an SLA warning or escalation) is among them, not dated at the deadline.
    const slaEntries = (await listAuditEntries(t.db, caseId, { limit: 500 })).filter((entry) =>
      entry.eventType.startsWith('sla-'),
    );
    expect(slaEntries.length).toBeGreaterThan(0);
    for (const entry of slaEntries) expect(entry.occurredAt.getTime()).not.toBe(first.dueMs);
  });
});
