/**
 * Disposition killed mid-batch: the worker commits the second case's disposal and is killed with
 * SIGKILL before Temporal hears of it. A new worker finishes the batch: every case is disposed of
 * exactly once (one tombstone, one `case.disposed` entry), none is left half-done, the retried case
 * answers `already-disposed`, and every chain still verifies.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  createCase,
  createDispositionBatch,
  createDocumentStore,
  publishDefinition,
  saveDefinitionDraft,
  verifyAuditChain,
} from '../../db';
import type { Principal } from '../../api/auth/principal';
import { createDefinitionCache } from '../../api/services/definition-cache';
import { createRecordsService } from '../../api/services/records/records-service';
import { dispositionWorkflowId, type DispositionBatchResult } from '../../workflows/disposition-contract';
import { useCrashableWorker } from './support/child-worker';
import { shippedDefinition } from './support/case-harness';

const complaint = shippedDefinition('service-complaint');
const officer: Principal = {
  kind: 'user',
  id: 'u-rae',
  username: 'rae',
  roles: ['records-officer'],
  departmentId: null,
  grants: {},
  scopes: [],
};

describe('a disposition run killed mid-batch', () => {
  const world = useCrashableWorker({
    prepare: async (db) => {
      await saveDefinitionDraft(db, {
        id: complaint.id,
        version: complaint.version,
        title: complaint.title,
        contentHash: complaint.hash,
        yamlSource: '# shipped\n',
        compiled: complaint,
        createdBy: 'test',
      });
      await publishDefinition(db, { id: complaint.id, version: complaint.version, publishedBy: 'test' });
    },
  });

  const documents = () =>
    createDocumentStore(world.db, { storage: 'db', dir: '', maxBytes: 65536, allowedContentTypes: ['text/plain'] });
  const recordsService = () =>
    createRecordsService({
      db: world.db,
      clock: () => new Date(),
      temporal: world.env.client,
      taskQueue: world.env.taskQueue,
      documents: documents(),
      definitions: createDefinitionCache(world.db),
    });

  /** Closed cases, each with a document, closed two years ago under a one-year class: due. */
  async function dueCases(count: number): Promise<string[]> {
    const caseIds: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = `dispose-${i}-${randomUUID().slice(0, 8)}`;
      await createCase(world.db, {
        id,
        definitionId: complaint.id,
        definitionVersion: complaint.version,
        definitionHash: complaint.hash,
        residentStatus: 'cancelled',
        caseData: { category: 'bulky-items', residentName: `Resident ${i}`, address: `${i} Main St` },
        residentContact: { name: `Resident ${i}`, email: `r${i}@example.org` },
      });
      await documents().save({
        caseId: id,
        filename: `letter-${i}.txt`,
        contentType: 'text/plain',
        content: Buffer.from(`Letter to Resident ${i}`),
        uploadedBy: 'u-clerk',
      });
      caseIds.push(id);
    }
    await world
      .db('cases')
      .whereIn('id', caseIds)
      .update({
        status: 'cancelled',
        outcome: 'cancelled',
        retention_class: 'short-lived',
        closed_at: world.db.raw("now() - interval '2 years'"),
      });
    return caseIds;
  }

  it('disposes of each case once and leaves none half-done', async () => {
    const caseIds = await dueCases(5);

    const started = await world.startChild(path.join(__dirname, 'support', 'disposition-worker-child.ts'), {
      STALL_AT_DISPOSAL: '2',
    });
    const batch = await recordsService().approveBatch(officer, 'Rae Records', caseIds, { channel: 'test' });
    expect(batch.caseIds).toHaveLength(5);

    await started.printed('COMMITTED');
    await world.killChild();
    // Mid-batch: the first two are tombstones, the rest untouched.
    expect(Number((await world.db('case_tombstones').count<{ count: string }[]>('* as count'))[0].count)).toBe(2);
    expect(
      Number(
        (await world.db('documents').whereIn('case_id', caseIds).count<{ count: string }[]>('* as count'))[0].count,
      ),
    ).toBe(3);

    await world.startRescueWorker({ db: world.db });
    // The dead worker's activity times out (1 minute) and is retried here.
    await world.env.server.clock.advance(2 * 60_000);
    const result = (await world.env.client.workflow
      .getHandle(dispositionWorkflowId(batch.id))
      .result()) as DispositionBatchResult;

    expect(Object.values(result.results).sort()).toEqual([
      'already-disposed',
      'disposed',
      'disposed',
      'disposed',
      'disposed',
    ]);
    expect(result.results[batch.caseIds[1]]).toBe('already-disposed');
    for (const caseId of caseIds) {
      const row = (await world.db('cases').where({ id: caseId }).first()) as {
        case_data: object;
        resident_contact: unknown;
        disposed_at: Date | null;
      };
      expect(row.case_data).toEqual({});
      expect(row.resident_contact).toBeNull();
      expect(row.disposed_at).not.toBeNull();
      expect(await world.db('documents').where({ case_id: caseId })).toEqual([]);
      const disposed = await world
        .db<{ actor_id: string; case_id: string; event_type: string }>('audit_entries')
        .where({ case_id: caseId, event_type: 'case.disposed' });
      expect(disposed).toHaveLength(1);
      expect(disposed[0].actor_id).toBe('u-rae');
      expect(await verifyAuditChain(world.db, caseId)).toMatchObject({ ok: true });
    }
    expect(
      await world.db('case_tombstones').whereIn('case_id', caseIds).select('case_id', 'approved_by_name'),
    ).toHaveLength(5);
    expect((await world.db('disposition_batches').where({ id: batch.id }).first()) as { status: string }).toMatchObject(
      { status: 'completed' },
    );
    // Starting a finished batch again does nothing.
    expect(await recordsService().resumeBatch(officer, batch.id)).toMatchObject({ status: 'completed' });
    expect(
      await world.db('audit_entries').whereIn('case_id', caseIds).where({ event_type: 'case.disposed' }),
    ).toHaveLength(5);
  }, 180_000);

  it('starts a batch approved but never started (a crash between approval and start), once however often asked', async () => {
    const caseIds = await dueCases(2);
    const batchId = randomUUID();
    await createDispositionBatch(world.db, {
      id: batchId,
      approvedBy: officer.id,
      approvedByName: 'Rae Records',
      approvedAt: new Date(),
      caseIds,
      audit: {
        caseId: '_platform',
        actor: { id: officer.id, kind: 'staff' },
        occurredAt: new Date(),
        eventType: 'disposition.approved',
        details: { batchId },
      },
    });
    await Promise.all([recordsService().resumeBatch(officer, batchId), recordsService().resumeBatch(officer, batchId)]);
    const result = (await world.env.client.workflow
      .getHandle(dispositionWorkflowId(batchId))
      .result()) as DispositionBatchResult;
    expect(Object.values(result.results)).toEqual(['disposed', 'disposed']);
    expect(
      await world.db('audit_entries').whereIn('case_id', caseIds).where({ event_type: 'case.disposed' }),
    ).toHaveLength(2);
  }, 60_000);

  it('leaves alone a case put under legal hold after its batch was approved', async () => {
    const [heldId, freeId] = await dueCases(2);
    const batchId = randomUUID();
    await createDispositionBatch(world.db, {
      id: batchId,
      approvedBy: officer.id,
      approvedByName: 'Rae Records',
      approvedAt: new Date(),
      caseIds: [heldId, freeId],
      audit: {
        caseId: '_platform',
        actor: { id: officer.id, kind: 'staff' },
        occurredAt: new Date(),
        eventType: 'disposition.approved',
        details: { batchId },
      },
    });
    await recordsService().placeHold(officer, { reason: 'Subpoena 26-17', caseId: heldId }, { channel: 'test' });
    await recordsService().resumeBatch(officer, batchId);
    const result = (await world.env.client.workflow
      .getHandle(dispositionWorkflowId(batchId))
      .result()) as DispositionBatchResult;
    expect(result.results).toEqual({ [heldId]: 'held', [freeId]: 'disposed' });
    const held = (await world.db('cases').where({ id: heldId }).first()) as {
      case_data: { residentName?: string };
      disposed_at: Date | null;
    };
    expect(held.disposed_at).toBeNull();
    expect(held.case_data.residentName).toMatch(/^Resident /);
    expect(await world.db('documents').where({ case_id: heldId })).toHaveLength(1);
    expect(await world.db('case_tombstones').where({ case_id: heldId })).toEqual([]);
  }, 60_000);
});
