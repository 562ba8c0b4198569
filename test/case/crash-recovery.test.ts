/**
 * Crash: the worker runs in a child process and is killed with SIGKILL while it records a step the
 * case accepted (inside the workflow task that applied it; the step's notice not prepared yet). A new
 * worker takes over: the case continues to its end, with no duplicate audit entry and no second email.
 * The audit chain then verifies, and stops verifying once a row is altered by hand.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { listAuditEntries, verifyAuditChain } from '../../db';
import type { Actor } from '../../interpreter/case-model';
import { createSmtpEmailSender } from '../../notifications';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { externalEventSignal, staffActionSignal } from '../../workflows/case-contract';
import { startSmtpTestServer, type SmtpTestServer } from '../notifications/support/smtp-test-server';
import { useCrashableWorker } from './support/child-worker';
import { waitFor } from '../support/until';
import { seedPermitClerk, shippedDefinition } from './support/case-harness';

const permit = shippedDefinition('building-permit');
const clerk: Actor = { id: 'u-clerk', roles: ['permit-clerk'], kind: 'staff' };
const planner: Actor = { id: 'u-planner', roles: ['zoning-planner'], kind: 'staff' };
const fire: Actor = { id: 'u-fire', roles: ['fire-plan-checker'], kind: 'staff' };
const supervisor: Actor = { id: 'u-super', roles: ['plan-check-supervisor'], kind: 'staff' };

describe('a worker killed mid-case', () => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const world = useCrashableWorker({
    startAt: Date.parse('2026-03-02T09:00:00-08:00'),
    frozen: true,
    prepare: seedPermitClerk,
  });

  async function send(handle: WorkflowHandle, signal: (eventId: string) => Promise<void>): Promise<string> {
    const eventId = randomUUID();
    await signal(eventId);
    return (await waitForEventOutcome(handle, eventId)).status;
  }

  it('continues on a new worker without duplicate audit entries or emails', async () => {
    await world.startChild(path.join(__dirname, 'support', 'worker-child.ts'), { CASE_SMTP_PORT: String(smtp.port) });
    const caseId = `permit-crash-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(
      world.env.client,
      {
        caseId,
        definition: permit,
        data: {
          applicantName: 'Quinn Owner',
          applicantEmail: 'quinn@example.org',
          propertyAddress: '1500 W Slauson Ave, Los Angeles 90047',
          workType: 'alteration',
          projectDescription: 'Storefront remodel',
          valuation: 80000,
          dwellingUnits: 0,
        },
      },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);

    // The worker records a step inside the workflow task that applied it (a local activity). Hold the
    // case's read-model row so that recording waits, and kill the worker there: the event is applied,
    // nothing of it is written, its notice is not prepared, and the task is never completed.
    const holder = await world.db.transaction();
    await holder.raw('select id from cases where id = ? for update', [caseId]);
    const requestInformation = randomUUID();
    await handle.signal(staffActionSignal, {
      eventId: requestInformation,
      actor: clerk,
      step: 'intake-review',
      action: 'request-information',
      data: { missingItems: 'Parcel number and a site plan.' },
    });
    await waitFor('the step being recorded to wait on the held row', async () => {
      // The worker's session waits for a lock in this database: on the row held above.
      const waiting = await world.db.raw<{ rows: unknown[] }>(
        `select 1 from pg_stat_activity
          where wait_event_type = 'Lock' and datname = current_database() and pid <> pg_backend_pid()`,
      );
      return waiting.rows.length > 0;
    });
    await world.killChild();
    await holder.rollback();

    await world.startRescueWorker({
      db: world.db,
      publicUrl: 'https://civicflow.city.example',
      notifications: {
        email: createSmtpEmailSender({
          smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
          from: 'CivicFlow <no-reply@city.example>',
        }),
        agency: { name: 'City of Los Angeles', phone: '311', timeZone: 'America/Los_Angeles' },
      },
    });
    // The dead worker's workflow task times out; the rescue applies the event again and records it.
    await world.env.server.clock.advance(2 * 60_000);
    await waitUntilSettled(handle, { timeoutMs: 45_000 });
    expect((await waitForEventOutcome(handle, requestInformation)).status).toBe('accepted');

    expect(
      await send(handle, (eventId) =>
        handle.signal(externalEventSignal, {
          eventId,
          event: 'information-submitted',
          data: { parcelNumber: '6001-022-009' },
        }),
      ),
    ).toBe('accepted');
    expect(
      await send(handle, (eventId) =>
        handle.signal(staffActionSignal, { eventId, actor: clerk, step: 'intake-review', action: 'accept-complete' }),
      ),
    ).toBe('accepted');
    await waitUntilSettled(handle);
    expect(
      await send(handle, (eventId) =>
        handle.signal(externalEventSignal, { eventId, event: 'fee-paid', data: { paymentReference: 'PAY-9' } }),
      ),
    ).toBe('accepted');
    expect(
      await send(handle, (eventId) =>
        handle.signal(staffActionSignal, {
          eventId,
          actor: planner,
          step: 'zoning-review',
          action: 'clear',
          data: { zoningFindings: 'Complies.' },
        }),
      ),
    ).toBe('accepted');
    expect(
      await send(handle, (eventId) =>
        handle.signal(staffActionSignal, {
          eventId,
          actor: fire,
          step: 'fire-review',
          action: 'clear',
          data: { fireFindings: 'Complies.' },
        }),
      ),
    ).toBe('accepted');
    expect(
      await send(handle, (eventId) =>
        handle.signal(staffActionSignal, {
          eventId,
          actor: supervisor,
          step: 'decision',
          action: 'issue',
          data: { permitConditions: 'Standard conditions.' },
        }),
      ),
    ).toBe('accepted');
    expect(await handle.result()).toMatchObject({ outcome: 'permit-issued' });

    // No duplicates: one entry per interpreter command key, no two entries with the same content.
    const entries = await listAuditEntries(world.db, caseId, { limit: 5000 });
    expect(entries.every((e) => typeof e.idempotencyKey === 'string')).toBe(true);
    expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
    const contents = entries.map((e) => JSON.stringify([e.eventType, e.occurredAt, e.details]));
    expect(new Set(contents).size).toBe(contents.length);
    expect(entries.filter((e) => e.eventType === 'action-taken').map((e) => e.details.step)).toEqual([
      'intake-review',
      'intake-review',
      'zoning-review',
      'fire-review',
      'decision',
    ]);
    // Every accepted step's entries are there: sequences 1..N without a gap.
    const sequences = [...new Set(entries.map((e) => Number(e.idempotencyKey!.split(':').at(-2))))].sort(
      (a, b) => a - b,
    );
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));

    // No second email: each message arrived once, and the request for information did arrive.
    const received = smtp.received.map((m) => `${m.envelopeTo.join(',')}|${m.mail.subject}`);
    expect(new Set(received).size).toBe(received.length);
    expect(received.filter((r) => r.startsWith('quinn@example.org|') && r.includes('is incomplete'))).toHaveLength(1);
    const sent = await world
      .db('notifications')
      .where({ case_id: caseId, state: 'sent' })
      .count<{ count: string }[]>('* as count');
    expect(Number(sent[0].count)).toBe(received.length);

    // The chain holds, and breaks where a row is altered by hand (as a superuser would, trigger off).
    expect(await verifyAuditChain(world.db, caseId)).toMatchObject({ ok: true, entriesChecked: entries.length });
    const victim = entries.find((e) => e.eventType === 'action-taken' && e.details.step === 'decision')!;
    await world.db.transaction(async (trx) => {
      await trx.raw('alter table audit_entries disable trigger audit_entries_no_update_delete');
      await trx.raw(
        `update audit_entries set details = jsonb_set(details, '{action}', '"deny"') where case_id = ? and seq = ?`,
        [caseId, victim.sequence],
      );
      await trx.raw('alter table audit_entries enable trigger audit_entries_no_update_delete');
    });
    expect(await verifyAuditChain(world.db, caseId)).toMatchObject({
      ok: false,
      brokenLink: { caseId, sequence: victim.sequence, reason: 'hash-mismatch' },
    });
  });
});
