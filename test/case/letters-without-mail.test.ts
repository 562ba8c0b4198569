/**
 * A bare `npm start` configures no SMTP and no SMS gateway. Letters need neither: the worker built
 * from that configuration (worker/activity-deps.ts) still turns a resident's letter notice into a
 * PDF queued for printing (/letters), while an email notice waits in the outbox for a mail server.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { getLetter, getNotificationByKey, listLetters } from '../../db';
import { loadConfig } from '../../config';
import type { Actor } from '../../interpreter/case-model';
import { createActivities } from '../../activities/create-activities';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { staffActionSignal } from '../../workflows/case-contract';
import { activityDepsFromConfig, type WorkerActivityDeps } from '../../worker/activity-deps';
import { pdfText } from '../support/pdf-text';
import { waitFor } from '../support/until';
import {
  createTestDatabase,
  shippedDefinition,
  startCaseServer,
  type CaseServer,
  type TestDatabase,
} from './support/case-harness';

const complaint = shippedDefinition('service-complaint');
const agent: Actor = { id: 'ana', roles: ['call-center-agent'], kind: 'staff' };
const postal = '1200 W 7th St, Apt 4\nLos Angeles, CA 90017';

describe('letters with no mail server and no SMS gateway', () => {
  let t: TestDatabase;
  let env: CaseServer;
  let worker: Worker;
  let running: Promise<void>;
  let built: WorkerActivityDeps;

  beforeAll(async () => {
    t = await createTestDatabase();
    env = await startCaseServer({ startAt: Date.parse('2026-03-02T09:00:00-08:00') });
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://services.city.example' });
    expect(config.smtp).toBeUndefined();
    expect(config.smsProviderUrl).toBeUndefined();
    built = activityDepsFromConfig(config, t.db);
    worker = await env.newWorker(built.deps);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await built?.close();
    await env?.close();
    await t?.drop();
  });

  async function closeAsDuplicate(
    caseId: string,
    residentContact: Parameters<typeof startCaseWorkflow>[1]['residentContact'],
  ) {
    const handle = await startCaseWorkflow(
      env.client,
      {
        caseId,
        definition: complaint,
        data: { category: 'graffiti', channel: 'call', description: 'Tag on the wall', address: '200 N Spring St' },
        ...(residentContact ? { residentContact } : {}),
      },
      { taskQueue: env.taskQueue },
    );
    await waitUntilSettled(handle);
    const eventId = randomUUID();
    await handle.signal(staffActionSignal, {
      eventId,
      actor: agent,
      step: 'triage',
      action: 'mark-duplicate',
      data: { duplicateOf: 'CF-2026-000001' },
    });
    expect((await waitForEventOutcome(handle, eventId)).status).toBe('accepted');
    await waitUntilSettled(handle);
  }

  it('a resident who chose post gets a printed letter; an email notice waits in the outbox', async () => {
    const byPost = `sc-post-${randomUUID().slice(0, 8)}`;
    await closeAsDuplicate(byPost, { name: 'Jamal Resident', address: postal, preferredChannel: 'post' });
    const letter = await waitFor('the letter', async () => (await listLetters(t.db)).find((l) => l.caseId === byPost));
    expect(letter).toMatchObject({ recipientName: 'Jamal Resident', address: postal, printedAt: null });
    const text = (await pdfText((await getLetter(t.db, letter.id))!.pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Jamal Resident 1200 W 7th St, Apt 4 Los Angeles, CA 90017');
    expect(text).toContain('Closed – already reported');

    const byEmail = `sc-mail-${randomUUID().slice(0, 8)}`;
    await closeAsDuplicate(byEmail, { name: 'Omar Resident', email: 'omar@example.org', preferredChannel: 'email' });
    const queued = await waitFor(
      'the queued email',
      async () =>
        (await t.db('notifications').where({ case_id: byEmail }).first<{ idempotency_key: string } | undefined>()) ??
        undefined,
    );
    expect(await getNotificationByKey(t.db, queued.idempotency_key)).toMatchObject({
      channel: 'email',
      state: 'pending',
      attempts: 0,
    });
    // This worker runs the outbox sweep too: it puts the email off (until its give-up time, when staff
    // see it as undelivered) and sends nothing.
    const sweep = createActivities(built.deps).deliverDueNotifications;
    expect(sweep).toBeDefined();
    expect(await sweep!(500)).toMatchObject({ sent: 0, gaveUp: 0 });
    expect(await getNotificationByKey(t.db, queued.idempotency_key)).toMatchObject({
      channel: 'email',
      state: 'pending',
    });
    expect((await listLetters(t.db)).filter((l) => l.caseId === byEmail)).toEqual([]);
  });
});
