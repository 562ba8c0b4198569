/**
 * recordCaseStep writes a step's projection and audit entries in one transaction: when either
 * fails, neither is written (the retry then writes both), and when it succeeds both are there, once.
 */
import { randomUUID } from 'node:crypto';
import { createCaseRecordActivities } from '../../activities/case-record.activities';
import { appendAuditEntries, getCase, listAuditEntries, verifyAuditChain } from '../../db';
import type { AuditEntryInput } from '../../domain/audit';
import type { AuditWrite, CaseProjectionWrite } from '../../workflows/case-activities';
import { untilAdvisoryLockWaited } from './support/lock-waits';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const at = '2026-11-20T18:00:00.000Z';

function projection(caseId: string): CaseProjectionWrite {
  return {
    caseId,
    sequence: 1,
    definitionId: 'pothole',
    definitionVersion: '1.0.0',
    definitionHash: 'abc',
    status: 'triage',
    residentStatus: 'received',
    currentSteps: [],
    assigneeId: null,
    priority: 'normal',
    slaDueAt: null,
    statutoryDueAt: null,
    statutoryClockPaused: false,
    escalationLevel: 0,
    caseData: {},
    outcome: null,
    retentionClass: null,
    tasks: [],
    completedSteps: [],
    updatedAt: at,
    closedAt: null,
  };
}

const entry = (caseId: string, kind: string): AuditWrite => ({
  idempotencyKey: `${caseId}:started`,
  // `kind` is checked by the audit repository: an unknown one makes the append fail.
  actor: { id: 'clerk', kind: kind as AuditWrite['actor']['kind'] },
  occurredAt: at,
  eventType: 'case-started',
  details: {},
});

const toEntryInput = (caseId: string): AuditEntryInput => ({
  caseId,
  actor: { id: 'clerk', kind: 'staff' },
  occurredAt: new Date(at),
  eventType: 'case-read',
  details: {},
});

describe('recordCaseStep', () => {
  const activities = () => createCaseRecordActivities({ db: t.db, publicUrl: 'https://311.city.example' });

  it('leaves the read model unchanged when the audit append fails', async () => {
    const caseId = randomUUID();
    await expect(
      activities().recordCaseStep({ caseId, audit: [entry(caseId, 'nobody')], projection: projection(caseId) }),
    ).rejects.toThrow(/actor.kind/);
    expect(await getCase(t.db, caseId)).toBeUndefined();
    expect(await listAuditEntries(t.db, caseId)).toEqual([]);
  });

  it('writes no audit entry when the projection fails', async () => {
    const caseId = randomUUID();
    const invalid = { ...projection(caseId), sequence: 0 };
    await expect(
      activities().recordCaseStep({ caseId, audit: [entry(caseId, 'staff')], projection: invalid }),
    ).rejects.toThrow(/sequence/);
    expect(await listAuditEntries(t.db, caseId)).toEqual([]);
  });

  it("takes the case row before the chain's lock (the order disposition takes them in)", async () => {
    const caseId = randomUUID();
    await activities().recordCaseStep({ caseId, audit: [], projection: projection(caseId) });
    // Another transaction holds the chain's lock: the step must already hold the row while it waits.
    const holder = await t.db.transaction();
    await appendAuditEntries(holder, [{ ...toEntryInput(caseId), idempotencyKey: `${caseId}:held` }]);
    const step = activities().recordCaseStep({
      caseId,
      audit: [entry(caseId, 'staff')],
      projection: { ...projection(caseId), sequence: 2, status: 'in-progress' },
    });
    await untilAdvisoryLockWaited(t.db);
    const rowTaken = await t.db
      .transaction(async (trx) => trx.raw('select id from cases where id = ? for update nowait', [caseId]))
      .then(
        () => false,
        (error: { code?: string }) => error.code === '55P03',
      );
    await holder.commit();
    expect(rowTaken).toBe(true);
    expect(await step).toEqual({ auditWritten: 1, projection: 'applied' });
    expect((await listAuditEntries(t.db, caseId)).map((e) => e.sequence)).toEqual([1, 2]);
    expect((await verifyAuditChain(t.db, caseId)).ok).toBe(true);
  });

  it('writes both, once, when it succeeds (a retry adds nothing)', async () => {
    const caseId = randomUUID();
    const step = { caseId, audit: [entry(caseId, 'staff')], projection: projection(caseId) };
    expect(await activities().recordCaseStep(step)).toEqual({ auditWritten: 1, projection: 'applied' });
    expect(await activities().recordCaseStep(step)).toEqual({ auditWritten: 0, projection: 'stale' });
    expect((await getCase(t.db, caseId))?.status).toBe('triage');
    expect((await listAuditEntries(t.db, caseId)).map((e) => e.eventType)).toEqual(['case-started']);
  });
});
