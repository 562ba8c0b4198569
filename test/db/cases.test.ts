import type { CaseProjection } from '../../domain/case';
import { casePageQuery, countCases, listCases } from '../../db/repositories/case-list.query';
import {
  casePageFingerprint,
  listCasesWithFingerprint,
  listWorklistWithFingerprint,
  worklistPageFingerprint,
} from '../../db/repositories/list-fingerprint.query';
import {
  applyCaseProjection,
  createCase,
  findCaseForResident,
  getCase,
  getCaseByOpen311Token,
  getCaseByTrackingNumber,
  requireCase,
  resetVerificationCode,
} from '../../db/repositories/cases.repository';
import { encodeCursor } from '../../db/repositories/cursor';
import { listCaseTasks, listWorklist } from '../../db/repositories/tasks.repository';
import { untilStatementWaitsOnLock } from './support/lock-waits';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const base = {
  definitionId: 'pothole',
  definitionVersion: '1.0.0',
  definitionHash: 'abc',
  residentStatus: 'received',
};

function projection(caseId: string, sequence: number, extra: Partial<CaseProjection> = {}): CaseProjection {
  return {
    caseId,
    sequence,
    ...base,
    status: 'open',
    currentSteps: [{ stepId: 'triage' }],
    priority: 'normal',
    caseData: { category: 'pothole', size: sequence },
    updatedAt: new Date(Date.UTC(2026, 1, 1, 0, 0, sequence)),
    ...extra,
  };
}

describe('cases repository', () => {
  it('registers a case with a tracking number and a hashed verification code', async () => {
    const { record, verificationCode } = await createCase(t.db, {
      id: 'case-1',
      ...base,
      channel: 'open311',
      residentContact: { name: 'Ada', email: 'ada@example.org' },
      open311: { serviceCode: 'POTHOLE', lat: 34.05, long: -118.25, token: 'tok-1', addressString: '1 Main St' },
    });
    expect(record.trackingNumber).toMatch(/^CF-\d{4}-\d{6}$/);
    expect(verificationCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(record.open311).toEqual({
      serviceCode: 'POTHOLE',
      lat: 34.05,
      long: -118.25,
      token: 'tok-1',
      addressString: '1 Main St',
    });
    const stored = await t.db('cases').where({ id: 'case-1' }).first();
    expect(stored.verification_code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(verificationCode);

    const spaced = `${verificationCode.slice(0, 4).toLowerCase()}-${verificationCode.slice(4)}`;
    expect((await findCaseForResident(t.db, record.trackingNumber.toLowerCase(), spaced))?.id).toBe('case-1');
    expect(await findCaseForResident(t.db, record.trackingNumber, 'WRONGCOD')).toBeUndefined();
    expect(await findCaseForResident(t.db, 'CF-1999-000000', verificationCode)).toBeUndefined();
    expect((await getCaseByTrackingNumber(t.db, record.trackingNumber))?.id).toBe('case-1');
    expect((await getCaseByOpen311Token(t.db, 'tok-1'))?.id).toBe('case-1');

    const fresh = await resetVerificationCode(t.db, 'case-1');
    expect(await findCaseForResident(t.db, record.trackingNumber, verificationCode)).toBeUndefined();
    expect((await findCaseForResident(t.db, record.trackingNumber, fresh))?.id).toBe('case-1');

    await expect(createCase(t.db, { id: 'case-1', ...base })).rejects.toMatchObject({ code: 'CASE_EXISTS' });
    const second = await createCase(t.db, { id: 'case-2', ...base });
    expect(second.record.trackingNumber).not.toBe(record.trackingNumber);
    await expect(requireCase(t.db, 'missing')).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
  });

  it('applies projections only when newer and replaces open tasks', async () => {
    await createCase(t.db, { id: 'case-p', ...base, residentContact: { name: 'Bo' } });
    const due = new Date('2026-02-03T17:00:00Z');
    expect(
      await applyCaseProjection(
        t.db,
        projection('case-p', 2, {
          assigneeId: 'u-1',
          departmentId: 'streets',
          slaDueAt: due,
          tasks: [
            {
              stepId: 'triage',
              role: 'clerk',
              departmentId: 'streets',
              assigneeId: 'u-1',
              dueAt: due,
              escalationLevel: 0,
            },
          ],
        }),
      ),
    ).toBe('applied');
    // An older or repeated snapshot (a retried activity) changes nothing.
    expect(await applyCaseProjection(t.db, projection('case-p', 1, { status: 'closed', tasks: [] }))).toBe('stale');
    expect(await applyCaseProjection(t.db, projection('case-p', 2, { status: 'closed', tasks: [] }))).toBe('stale');
    let record = await requireCase(t.db, 'case-p');
    expect(record).toMatchObject({
      status: 'open',
      assigneeId: 'u-1',
      departmentId: 'streets',
      slaDueAt: due,
      projectionSequence: 2,
    });
    expect(record.residentContact).toEqual({ name: 'Bo' });
    expect(record.currentSteps).toEqual([{ stepId: 'triage' }]);
    expect(await listCaseTasks(t.db, 'case-p')).toHaveLength(1);

    const closedAt = new Date('2026-02-04T10:00:00Z');
    await applyCaseProjection(
      t.db,
      projection('case-p', 3, {
        status: 'closed',
        outcome: 'repaired',
        closedAt,
        currentSteps: [],
        tasks: [],
        completedSteps: [
          {
            stepId: 'triage',
            enteredAt: new Date('2026-02-01T00:00:00Z'),
            completedAt: closedAt,
            dueAt: due,
            departmentId: 'streets',
          },
        ],
      }),
    );
    record = await requireCase(t.db, 'case-p');
    expect(record).toMatchObject({ status: 'closed', outcome: 'repaired', closedAt, assigneeId: 'u-1' });
    expect(await listCaseTasks(t.db, 'case-p')).toEqual([]);
    expect(await t.db('case_step_history').where({ case_id: 'case-p' })).toHaveLength(1);
  });

  it('ends on the newest snapshot whatever order concurrent projections arrive in', async () => {
    const sequences = [5, 2, 9, 1, 7, 3, 8, 4, 6];
    await Promise.all(
      sequences.map((sequence) =>
        applyCaseProjection(
          t.db,
          projection('case-race', sequence, {
            residentStatus: `status-${sequence}`,
            tasks: [{ stepId: `step-${sequence}`, role: 'clerk', escalationLevel: 0 }],
          }),
        ),
      ),
    );
    const record = await requireCase(t.db, 'case-race');
    expect(record).toMatchObject({ projectionSequence: 9, residentStatus: 'status-9' });
    expect((await listCaseTasks(t.db, 'case-race')).map((task) => task.stepId)).toEqual(['step-9']);
  });

  it('replaces the tasks an older projection it waited for (on the case row) committed', async () => {
    const task = (stepId: string) => ({ stepId, role: 'clerk', escalationLevel: 0 });
    await applyCaseProjection(t.db, projection('case-wait', 1, { tasks: [task('intake')] }));
    const holder = await t.db.transaction();
    expect(await applyCaseProjection(holder, projection('case-wait', 2, { tasks: [task('triage')] }))).toBe('applied');
    const waiting = applyCaseProjection(t.db, projection('case-wait', 3, { tasks: [task('review')] }));
    await untilStatementWaitsOnLock(t.db, 'civicflow_apply_case_projection');
    await holder.commit();
    expect(await waiting).toBe('applied');
    // 'triage' was committed after the waiting statement began: it must still be gone.
    expect((await listCaseTasks(t.db, 'case-wait')).map((open) => open.stepId)).toEqual(['review']);
    expect((await requireCase(t.db, 'case-wait')).projectionSequence).toBe(3);
    // A stale projection changes no task and records no step.
    const stale = projection('case-wait', 2, {
      tasks: [],
      completedSteps: [{ stepId: 'review', enteredAt: new Date(0), completedAt: new Date(1) }],
    });
    expect(await applyCaseProjection(t.db, stale)).toBe('stale');
    expect((await listCaseTasks(t.db, 'case-wait')).map((open) => open.stepId)).toEqual(['review']);
    expect(await t.db('case_step_history').where({ case_id: 'case-wait' })).toEqual([]);
  });

  it('keeps hostile strings from breaking registration or projection', async () => {
    const hostile = 'x\u0000y\udc00';
    await createCase(t.db, {
      id: 'case-h',
      ...base,
      title: hostile,
      caseData: { [hostile]: hostile },
      open311: { description: hostile },
    });
    expect(
      await applyCaseProjection(
        t.db,
        projection('case-h', 1, { caseData: { notes: [hostile] }, currentSteps: [{ stepId: hostile }] }),
      ),
    ).toBe('applied');
    const record = await requireCase(t.db, 'case-h');
    expect(record.caseData).toEqual({ notes: ['x\ufffdy\ufffd'] });
    expect(record.title).toBe('x\ufffdy\ufffd');
    expect(record.open311.description).toBe('x\ufffdy\ufffd');
  });

  it('inserts the read model from a projection when the case was never registered', async () => {
    expect(await applyCaseProjection(t.db, projection('case-unregistered', 1))).toBe('applied');
    const record = await getCase(t.db, 'case-unregistered');
    expect(record?.trackingNumber).toMatch(/^CF-/);
  });

  it('serves worklists: mine, team queue, overdue and escalated', async () => {
    const past = new Date(Date.now() - 3600_000);
    const future = new Date(Date.now() + 3600_000);
    await applyCaseProjection(
      t.db,
      projection('w-1', 1, {
        departmentId: 'parks',
        tasks: [
          {
            stepId: 'inspect',
            role: 'inspector',
            departmentId: 'parks',
            assigneeId: 'kim',
            dueAt: past,
            escalationLevel: 2,
          },
        ],
      }),
    );
    await applyCaseProjection(
      t.db,
      projection('w-2', 1, {
        departmentId: 'parks',
        tasks: [{ stepId: 'inspect', role: 'inspector', departmentId: 'parks', dueAt: future, escalationLevel: 0 }],
      }),
    );
    await applyCaseProjection(
      t.db,
      projection('w-3', 1, {
        departmentId: 'water',
        tasks: [{ stepId: 'review', role: 'clerk', departmentId: 'water', assigneeId: 'kim', escalationLevel: 0 }],
      }),
    );
    expect((await listWorklist(t.db, { assigneeId: 'kim' })).map((w) => w.caseId)).toEqual(['w-1', 'w-3']);
    const queue = await listWorklist(t.db, { departmentIds: ['parks'], unassignedOnly: true });
    expect(queue.map((w) => w.caseId)).toEqual(['w-2']);
    expect(queue[0].trackingNumber).toMatch(/^CF-/);
    expect(
      (await listWorklist(t.db, { departmentIds: ['parks'], dueBefore: new Date() })).map((w) => w.caseId),
    ).toEqual(['w-1']);
    expect((await listWorklist(t.db, { minEscalationLevel: 1 })).map((w) => w.caseId)).toEqual(['w-1']);
    expect(await listWorklist(t.db, { departmentIds: [] })).toEqual([]);

    // One read gives the worklist and the same fingerprint as the narrow read; time passing a due date changes it.
    const later = new Date(future.getTime() + 60_000);
    for (const filter of [{ assigneeId: 'kim' }, { departmentIds: ['parks'] }, { minEscalationLevel: 0, limit: 2 }])
      for (const at of [new Date(), later]) {
        const read = await listWorklistWithFingerprint(t.db, filter, at);
        expect(read.items).toEqual(await listWorklist(t.db, filter));
        expect(read.fingerprint).toEqual(await worklistPageFingerprint(t.db, filter, at));
        expect(read.fingerprint.rows).toHaveLength(read.items.length);
      }
    const parks = { departmentIds: ['parks'] };
    expect((await listWorklistWithFingerprint(t.db, parks, new Date())).fingerprint).not.toEqual(
      (await listWorklistWithFingerprint(t.db, parks, later)).fingerprint,
    );
  });
});

describe('case lists', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  beforeAll(async () => {
    for (let i = 0; i < 25; i += 1) {
      const slaDueAt = i % 5 === 0 ? null : new Date(now.getTime() + (i - 10) * 3600_000);
      await applyCaseProjection(
        t.db,
        projection(`list-${String(i).padStart(2, '0')}`, 1, {
          definitionId: i % 2 === 0 ? 'permit' : 'benefit',
          departmentId: i % 3 === 0 ? 'planning' : 'social',
          assigneeId: i % 4 === 0 ? null : `user-${i % 4}`,
          status: i === 7 ? 'closed' : 'open',
          closedAt: i === 7 ? now : null,
          slaDueAt,
        }),
      );
    }
  });

  it('pages through every matching case exactly once in due-date order', async () => {
    const seen: string[] = [];
    const dues: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages += 1) {
      const page = await listCases(t.db, {
        filter: { definitionIds: ['permit', 'benefit'] },
        sort: 'sla-due',
        limit: 4,
        cursor,
      });
      for (const item of page.items) {
        seen.push(item.id);
        dues.push(item.slaDueAt ? item.slaDueAt.getTime() : Number.POSITIVE_INFINITY);
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const expected = (await t.db('cases').whereIn('definition_id', ['permit', 'benefit']).pluck('id')) as string[];
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  it('filters by status, definition, department, assignee and overdue', async () => {
    const all = async (filter: Parameters<typeof listCases>[1]) =>
      (await listCases(t.db, { limit: 500, ...filter })).items.map((c) => c.id).sort();
    const ids = (pred: (i: number) => boolean) =>
      Array.from({ length: 25 }, (_, i) => i)
        .filter(pred)
        .map((i) => `list-${String(i).padStart(2, '0')}`);
    expect(await all({ filter: { statuses: ['closed'], definitionIds: ['benefit'] } })).toEqual(['list-07']);
    expect(await all({ filter: { departmentIds: ['planning'], definitionIds: ['permit', 'benefit'] } })).toEqual(
      ids((i) => i % 3 === 0),
    );
    expect(await all({ filter: { assigneeId: null, definitionIds: ['permit'] } })).toEqual(ids((i) => i % 4 === 0));
    expect(await all({ filter: { assigneeId: 'user-1', definitionIds: ['benefit'] } })).toEqual(
      ids((i) => i % 4 === 1),
    );
    expect(await all({ filter: { overdue: true, now, definitionIds: ['permit', 'benefit'] } })).toEqual(
      ids((i) => i % 5 !== 0 && i < 10 && i !== 7),
    );
    expect(await all({ filter: { overdue: false, now, definitionIds: ['permit', 'benefit'] } })).toEqual(
      ids((i) => (i % 5 === 0 || i >= 10) && i !== 7),
    );
    expect(await all({ filter: { departmentIds: [] } })).toEqual([]);
    expect(await all({ filter: { closed: true, definitionIds: ['permit', 'benefit'] } })).toEqual(['list-07']);
    expect(await all({ filter: { closed: false, definitionIds: ['permit', 'benefit'] } })).toEqual(ids((i) => i !== 7));
  });

  it('counts and pages by offset for page-numbered clients', async () => {
    const filter = { definitionIds: ['permit'] };
    expect(await countCases(t.db, filter)).toBe(13);
    const pages = await Promise.all(
      [0, 5, 10].map((offset) => listCases(t.db, { filter, sort: 'created', limit: 5, offset })),
    );
    const ids = pages.flatMap((page) => page.items.map((c) => c.id));
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(13);
  });

  it('sorts newest first with cursors too, and rejects foreign or forged cursors', async () => {
    const first = await listCases(t.db, { sort: '-created', limit: 3 });
    const second = await listCases(t.db, { sort: '-created', limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second.items[0].createdAt.getTime()).toBeLessThanOrEqual(first.items[2].createdAt.getTime());
    expect(second.items.map((c) => c.id)).not.toContain(first.items[2].id);
    await expect(listCases(t.db, { sort: 'sla-due', cursor: first.nextCursor ?? undefined })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
    await expect(listCases(t.db, { cursor: 'not a cursor!' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(
      listCases(t.db, { cursor: encodeCursor({ sort: 'sla-due', key: '2026-13-45 99:00:00+00', id: 'x' }) }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(
      listCases(t.db, { cursor: encodeCursor({ sort: 'sla-due', key: "'; drop table cases; --", id: 'x' }) }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
  it('fingerprints a page by the rows it shows, read through the same keyset as the page', async () => {
    const request = { filter: { definitionIds: ['permit', 'benefit'] }, sort: 'sla-due' as const, limit: 4 };
    const first = await listCases(t.db, request);
    const second = await listCases(t.db, { ...request, cursor: first.nextCursor ?? undefined });
    const third = await listCases(t.db, { ...request, cursor: second.nextCursor ?? undefined });
    const shown = async (cursor?: string, at = now) =>
      (await casePageFingerprint(t.db, { ...request, ...(cursor ? { cursor } : {}) }, at)).rows;
    // The page's rows in order, then the row after it (which decides the next cursor).
    const ids = (rows: string[]) => rows.map((row) => row.split(' ')[0]);
    expect(ids(await shown())).toEqual([...first.items.map((c) => c.id), second.items[0].id]);
    const pageTwo = await shown(first.nextCursor ?? undefined);
    expect(ids(pageTwo)).toEqual([...second.items.map((c) => c.id), third.items[0].id]);
    const pageOne = await shown();
    expect(await shown()).toEqual(pageOne);

    // A change to a case on neither page leaves both as they were; a change to a shown case changes its page.
    const far = 'list-24';
    expect([...ids(pageOne), ...ids(pageTwo)]).not.toContain(far);
    const again = (id: string, sequence: number) => {
      const i = Number(id.slice(5));
      return applyCaseProjection(
        t.db,
        projection(id, sequence, {
          definitionId: i % 2 === 0 ? 'permit' : 'benefit',
          departmentId: i % 3 === 0 ? 'planning' : 'social',
          assigneeId: i % 4 === 0 ? null : `user-${i % 4}`,
          slaDueAt: i % 5 === 0 ? null : new Date(now.getTime() + (i - 10) * 3600_000),
        }),
      );
    };
    await again(far, 2);
    expect(await shown()).toEqual(pageOne);
    expect(await shown(first.nextCursor ?? undefined)).toEqual(pageTwo);
    await again(second.items[1].id, 2);
    expect(await shown()).toEqual(pageOne);
    expect(await shown(first.nextCursor ?? undefined)).not.toEqual(pageTwo);
    // The same page judged before its cases fell due: the overdue flags, so the fingerprint, differ with nothing written.
    expect(await shown(undefined, new Date(now.getTime() - 30 * 86_400_000))).not.toEqual(pageOne);
    await expect(casePageFingerprint(t.db, { ...request, cursor: 'not a cursor!' }, now)).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });
  it('reads a page and its fingerprint in one query, equal to the narrow fingerprint of the same rows', async () => {
    const earlier = new Date(now.getTime() - 30 * 86_400_000);
    for (const sort of ['sla-due', 'statutory-due', '-created', 'updated'] as const) {
      const request = { filter: { definitionIds: ['permit', 'benefit'] }, sort, limit: 4 };
      let cursor: string | undefined;
      for (let pages = 0; pages < 3; pages += 1) {
        const paged = { ...request, ...(cursor ? { cursor } : {}) };
        for (const at of [now, earlier]) {
          const read = await listCasesWithFingerprint(t.db, paged, at);
          const { fingerprint, ...page } = read;
          expect(page).toEqual(await listCases(t.db, paged));
          expect(fingerprint).toEqual(await casePageFingerprint(t.db, paged, at));
          expect(fingerprint.rows.length).toBe(page.items.length + (page.nextCursor ? 1 : 0));
        }
        cursor = (await listCases(t.db, paged)).nextCursor ?? undefined;
        if (!cursor) break;
      }
    }
    // Judged at two instants, the same rows differ by their overdue flags only.
    const request = { filter: { definitionIds: ['permit', 'benefit'] }, sort: 'sla-due' as const, limit: 4 };
    expect((await listCasesWithFingerprint(t.db, request, now)).fingerprint).not.toEqual(
      (await listCasesWithFingerprint(t.db, request, earlier)).fingerprint,
    );
    await expect(listCasesWithFingerprint(t.db, { cursor: 'not a cursor!' }, now)).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });
  it("pages a department's list by due date straight from its index, in order, cursor included", async () => {
    const request = { filter: { departmentIds: ['planning'] }, sort: 'sla-due' as const, limit: 3 };
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await listCases(t.db, { ...request, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const rows = await t
      .db('cases')
      .where({ department_id: 'planning' })
      .select<{ id: string; sla_due_at: Date | null }[]>('id', 'sla_due_at');
    const due = (row: { sla_due_at: Date | null }) => (row.sla_due_at ? row.sla_due_at.getTime() : Infinity);
    const sorted = [...rows].sort((a, b) => due(a) - due(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(seen).toEqual(sorted.map((row) => row.id));

    // The plan of a later page, with sorting and whole-table scans priced out: one index gives the order.
    const { query } = casePageQuery(t.db, { ...request, cursor: (await listCases(t.db, request)).nextCursor ?? '' }, [
      '*',
    ]);
    const { sql, bindings } = query.toSQL();
    const plan = await t.db.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      await trx.raw('set local enable_sort = off');
      const explained = await trx.raw<{ rows: { 'QUERY PLAN': unknown }[] }>(`explain (format json) ${sql}`, bindings);
      return JSON.stringify(explained.rows[0]['QUERY PLAN']);
    });
    expect(plan).toContain('"Index Name":"cases_department_sla_due_idx"');
    expect(plan).not.toContain('"Node Type":"Sort"');
  });
});
