import type { CaseProjection } from '../../domain/case';
import { applyCaseProjection } from '../../db/repositories/cases.repository';
import { backlogReport, resolutionTimeReport, slaReport } from '../../db/repositories/reports.query';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
const hour = 3600_000;
const now = new Date('2026-06-01T12:00:00Z');

/** Case i: created at `now - (i+1) days`, resolution (i+1) hours when closed, SLA 3 hours after creation. */
async function seed(i: number, definitionId: string, departmentId: string, closed: boolean) {
  const createdAt = new Date(now.getTime() - (i + 1) * 24 * hour);
  const closedAt = closed ? new Date(createdAt.getTime() + (i + 1) * hour) : null;
  const id = `${definitionId}-${i}`;
  await t.db('cases').insert({
    id,
    definition_id: definitionId,
    definition_version: '1.0.0',
    definition_hash: 'h',
    status: 'open',
    resident_status: 'r',
    created_at: createdAt,
  });
  const projection: CaseProjection = {
    caseId: id,
    sequence: 1,
    definitionId,
    definitionVersion: '1.0.0',
    definitionHash: 'h',
    status: closed ? 'closed' : 'open',
    residentStatus: 'r',
    currentSteps: [],
    priority: 'normal',
    caseData: {},
    departmentId,
    updatedAt: now,
    closedAt,
    slaDueAt: new Date(createdAt.getTime() + 3 * hour),
    completedSteps: closed
      ? [
          {
            stepId: 'triage',
            enteredAt: createdAt,
            completedAt: closedAt!,
            dueAt: new Date(createdAt.getTime() + 2 * hour),
            departmentId,
          },
        ]
      : [],
  };
  await applyCaseProjection(t.db, projection);
}

beforeAll(async () => {
  t = await createTestDatabase();
  // pothole: 10 closed cases resolved in 1..10 hours; SLA met by the first 3 (1, 2, 3 hours).
  for (let i = 0; i < 10; i += 1) await seed(i, 'pothole', 'streets', true);
  // permit: 2 open cases, one past its SLA at `now`.
  await seed(0, 'permit', 'planning', false);
  await t
    .db('cases')
    .where({ id: 'permit-0' })
    .update({ sla_due_at: new Date(now.getTime() + hour) });
  await seed(1, 'permit', 'planning', false);
});
afterAll(async () => {
  await t.drop();
});

describe('reports', () => {
  it('computes SLA met per process, department and step', async () => {
    expect(await slaReport(t.db, 'definition')).toEqual([
      { definitionId: 'pothole', departmentId: null, stepId: null, total: 10, met: 3, percentMet: 30 },
    ]);
    expect(await slaReport(t.db, 'department', { departmentIds: ['streets'] })).toEqual([
      { definitionId: null, departmentId: 'streets', stepId: null, total: 10, met: 3, percentMet: 30 },
    ]);
    expect(await slaReport(t.db, 'step')).toEqual([
      { definitionId: 'pothole', departmentId: null, stepId: 'triage', total: 10, met: 2, percentMet: 20 },
    ]);
    expect(await slaReport(t.db, 'definition', { from: now })).toEqual([]);
  });

  it('computes median and p90 resolution time', async () => {
    const [row] = await resolutionTimeReport(t.db, 'definition');
    // 1..10 hours: median 5.5 h, p90 (continuous) 9.1 h.
    expect(row).toMatchObject({ definitionId: 'pothole', closed: 10 });
    expect(row.medianSeconds).toBeCloseTo(5.5 * 3600, 3);
    expect(row.p90Seconds).toBeCloseTo(9.1 * 3600, 3);
  });

  it('counts the backlog and the overdue part of it', async () => {
    expect(await backlogReport(t.db, { now })).toEqual([
      {
        definitionId: 'permit',
        departmentId: 'planning',
        open: 2,
        overdue: 1,
        oldestCreatedAt: new Date(now.getTime() - 2 * 24 * hour),
      },
    ]);
  });
});
