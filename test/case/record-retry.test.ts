/**
 * A step's recording (a local activity inside the workflow task that applied the event) that fails is
 * tried again until it is written: the event is answered once it is, its entries are written once,
 * and they carry the instant the event was applied, not the seconds the attempts took. The failures
 * are real: a trigger in Postgres refuses the first audit inserts after it is armed.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../interpreter/case-model';
import { listAuditEntries, verifyAuditChain } from '../../db';
import { startCaseWorkflow } from '../../client/case-client';
import { waitUntilSettled } from './support/case-observe';
import { submitEventUpdate } from '../../workflows/case-contract';
import { NEW_HOME_PERMIT_APPLICATION } from '../fixtures/building-permit-application';
import { shippedDefinition, useRunningCaseWorker } from './support/case-harness';

const permit = shippedDefinition('building-permit');
const clerk: Actor = { id: 'carla', roles: ['permit-clerk'], kind: 'staff' };
const FROZEN_AT = Date.parse('2026-03-02T09:00:00-08:00');
const REFUSED_INSERTS = 2;

describe('a step whose recording fails', () => {
  const world = useRunningCaseWorker({ startAt: FROZEN_AT, frozen: true });

  /** The next `count` inserts into audit_entries fail (a sequence: it counts across rolled-back attempts). */
  async function refuseAuditInserts(count: number): Promise<void> {
    await world.db.raw(`create sequence audit_refusals`);
    await world.db.raw(`
      create function refuse_audit_insert() returns trigger language plpgsql as $$
      begin
        if nextval('audit_refusals') <= ${count} then
          raise exception 'audit insert refused by the test';
        end if;
        return new;
      end $$`);
    await world.db.raw(`create trigger refuse_audit_insert before insert on audit_entries
      for each row execute function refuse_audit_insert()`);
  }

  it('is tried again until written, once, at the instant the event was applied', async () => {
    const caseId = `permit-retry-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId,
        definition: permit,
        data: NEW_HOME_PERMIT_APPLICATION,
      },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);
    await refuseAuditInserts(REFUSED_INSERTS);

    const eventId = randomUUID();
    const outcome = await handle.executeUpdate(submitEventUpdate, {
      args: [{ signal: 'claimTask', payload: { eventId, actor: clerk, step: 'intake-review' } }],
    });
    expect(outcome).toMatchObject({ eventId, status: 'accepted', at: new Date(FROZEN_AT).toISOString() });

    // The next event, applied after the seconds of attempts, is still at the frozen instant.
    const next = randomUUID();
    expect(
      await handle.executeUpdate(submitEventUpdate, {
        args: [
          {
            signal: 'staffAction',
            payload: {
              eventId: next,
              actor: clerk,
              step: 'intake-review',
              action: 'request-information',
              data: { missingItems: 'A site plan.' },
            },
          },
        ],
      }),
    ).toMatchObject({ eventId: next, status: 'accepted', at: new Date(FROZEN_AT).toISOString() });

    // The refusals were used up by attempts of this recording, and the entries are there once.
    const used = await world.db.raw<{ rows: { last_value: string }[] }>('select last_value from audit_refusals');
    expect(Number(used.rows[0].last_value)).toBeGreaterThan(REFUSED_INSERTS);
    const entries = await listAuditEntries(world.db, caseId, { limit: 500 });
    const claimed = entries.filter((e) => e.eventType === 'task-claimed');
    expect(claimed).toHaveLength(1);
    expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
    expect(entries.filter((e) => e.eventType === 'action-taken')).toHaveLength(1);
    // Under the frozen clock the attempts took seconds of workflow time; the case's entries did not.
    expect(entries.map((e) => e.occurredAt.toISOString())).toEqual(
      entries.map(() => new Date(FROZEN_AT).toISOString()),
    );
    expect(await verifyAuditChain(world.db, caseId)).toMatchObject({ ok: true, entriesChecked: entries.length });
  });
});
