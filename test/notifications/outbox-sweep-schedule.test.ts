/**
 * CivicFlow's periodic work on schedules: ensurePeriodicSchedules is idempotent (create, unchanged,
 * update on a changed definition, pause while the worker lacks a notification channel and unpause
 * when it is back), and the outbox sweep schedule runs the real case worker's
 * deliverDueNotifications against a real SMTP server as virtual time moves; the housekeeping schedule
 * (needing no channel) removes wizard uploads abandoned for a day, with their files, and quiet
 * throttle counters. Histories replay.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../devserver';
import { enqueueNotification } from '../../db/repositories/notifications.repository';
import { createSmtpEmailSender, NOTIFICATION_ID_HEADER, type EmailSender } from '../../notifications';
import { ensurePeriodicSchedules, PERIODIC_JOBS, type PeriodicJob } from '../../client/periodic-schedules';
import { bundleCaseWorkflows, createCaseWorker } from '../../worker/case-worker';
import { HOUSEKEEPING_WORKFLOW_TYPE, OUTBOX_SWEEP_WORKFLOW_TYPE } from '../../workflows/periodic-contract';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';
import { waitFor } from '../support/until';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ALLOWED_CONTENT_TYPES } from '../../config';
import { createDocumentStore, PENDING_UPLOAD_PREFIX, recordThrottleFailure } from '../../db';

let t: TestDatabase;
let smtp: SmtpTestServer;
let email: EmailSender;
let server: DevServer;
let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
let bundle: WorkflowBundleWithSourceMap;
const taskQueue = `periodic-${process.pid}`;
const SWEEP = PERIODIC_JOBS.find((job) => job.workflowType === OUTBOX_SWEEP_WORKFLOW_TYPE)!;
const HOUSEKEEPING = PERIODIC_JOBS.find((job) => job.workflowType === HOUSEKEEPING_WORKFLOW_TYPE)!;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already in this process.
  }
  [t, smtp, server, bundle] = await Promise.all([
    createTestDatabase(),
    startSmtpTestServer(),
    startDevServer({ port: 0, manualTime: true }),
    bundleCaseWorkflows(),
  ]);
  email = createSmtpEmailSender({
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
    from: 'CivicFlow <no-reply@springfield.example>',
  });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: 'default' });
  nativeConnection = await NativeConnection.connect({ address: server.address });
}, 120_000);

afterAll(async () => {
  await nativeConnection?.close();
  await connection?.close();
  await server?.close();
  await email?.close();
  await smtp?.close();
  await t?.drop();
});

test('the schedules are ensured idempotently, paused without a channel and updated when their definition changes', async () => {
  const ensure = (capabilities: 'notifications'[], jobs: readonly PeriodicJob[] = [SWEEP]) =>
    ensurePeriodicSchedules(client, { taskQueue: `${taskQueue}-idempotence`, capabilities, jobs });
  expect(await ensure([])).toEqual([{ scheduleId: SWEEP.scheduleId, outcome: 'skipped (unavailable)' }]);
  expect(await ensure(['notifications'])).toEqual([{ scheduleId: SWEEP.scheduleId, outcome: 'created' }]);
  expect(await ensure(['notifications'])).toEqual([{ scheduleId: SWEEP.scheduleId, outcome: 'unchanged' }]);
  const handle = client.schedule.getHandle(SWEEP.scheduleId);
  expect((await handle.describe()).spec.intervals).toEqual([{ every: 60_000, offset: 0 }]);

  expect(await ensure([])).toEqual([{ scheduleId: SWEEP.scheduleId, outcome: 'paused (unavailable)' }]);
  expect((await handle.describe()).state.paused).toBe(true);
  expect(await ensure(['notifications'])).toEqual([{ scheduleId: SWEEP.scheduleId, outcome: 'unchanged' }]);
  expect((await handle.describe()).state.paused).toBe(false);

  // An operator's own pause is kept.
  await handle.pause('investigating');
  await ensure(['notifications']);
  expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'investigating' });
  await handle.unpause();

  expect(await ensure(['notifications'], [{ ...SWEEP, every: '5 minutes' }])).toEqual([
    { scheduleId: SWEEP.scheduleId, outcome: 'updated' },
  ]);
  expect((await handle.describe()).spec.intervals).toEqual([{ every: 300_000, offset: 0 }]);
  await handle.delete();
});

test('the outbox sweep schedule delivers due notices through the case worker', async () => {
  const worker = await createCaseWorker({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activitiesDeps: { db: t.db, notifications: { email, agency: AGENCY } },
  });
  await worker.runUntil(async () => {
    expect(
      await ensurePeriodicSchedules(client, { taskQueue, capabilities: ['notifications'], jobs: [SWEEP] }),
    ).toEqual([{ scheduleId: SWEEP.scheduleId, outcome: 'created' }]);
    const { agency: _agency, ...data } = TEMPLATE_FIXTURES['case-received'];
    await enqueueNotification(t.db, {
      idempotencyKey: 'periodic:1',
      channel: 'email',
      recipient: 'resident@example.org',
      template: 'case-received',
      payload: { data },
    });
    expect(smtp.received).toHaveLength(0);

    await server.clock.advance(60_000);
    await waitFor('the swept email', () =>
      Promise.resolve(
        smtp.received.some((r) => r.mail.headers.get(NOTIFICATION_ID_HEADER.toLowerCase()) === 'periodic:1'),
      ),
    );
    const handle = client.schedule.getHandle(SWEEP.scheduleId);
    const d = await waitFor('the sweep to finish', async () => {
      const x = await handle.describe();
      return x.info.numActionsTaken === 1 && x.info.runningActions.length === 0 && x;
    });
    const workflowId = d.info.recentActions[0].action.workflow.workflowId;
    expect(workflowId).toMatch(/^civicflow-outbox-sweep-\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    const run = client.workflow.getHandle(workflowId);
    expect(await run.result()).toMatchObject({ sent: 1, failed: 0 });
    const history = await run.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
    await handle.delete();
  });
}, 120_000);

test('the housekeeping schedule removes abandoned wizard uploads with their files, and keeps the rest', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'civicflow-housekeeping-'));
  const store = createDocumentStore(t.db, {
    storage: 'disk',
    dir,
    maxBytes: 65536,
    allowedContentTypes: DEFAULT_ALLOWED_CONTENT_TYPES,
  });
  const upload = (holder: string) =>
    store.save({
      caseId: holder,
      filename: 'photo.txt',
      contentType: 'text/plain',
      content: Buffer.from(`photo ${holder}`),
      uploadedBy: 'portal',
      uploadedByKind: 'resident',
    });
  const abandoned = await upload(`${PENDING_UPLOAD_PREFIX}old`);
  const fresh = await upload(`${PENDING_UPLOAD_PREFIX}fresh`);
  const onCase = await upload('case-kept');
  const now = Date.now();
  // Kept two days ago (before the virtual clock starts); the fresh one is an hour old.
  await t
    .db('documents')
    .whereIn('id', [abandoned.id, onCase.id])
    .update({ uploaded_at: new Date(now - 48 * 3_600_000) });
  await t
    .db('documents')
    .where({ id: fresh.id })
    .update({ uploaded_at: new Date(now - 3_600_000) });
  const fileOf = async (id: string) =>
    path.join(
      dir,
      (await t.db('documents').where({ id }).first<{ storage_path: string }>('storage_path')).storage_path,
    );
  const abandonedFile = await fileOf(abandoned.id);
  expect(existsSync(abandonedFile)).toBe(true);
  await recordThrottleFailure(t.db, {
    scope: 'portal-code:key',
    key: 'cf-quiet',
    now: new Date(now - 72 * 3_600_000),
    forgetAfterMs: 1,
    delayAfter: () => 0,
  });
  await recordThrottleFailure(t.db, {
    scope: 'portal-code:key',
    key: 'cf-recent',
    now: new Date(now),
    forgetAfterMs: 1,
    delayAfter: () => 0,
  });

  const worker = await createCaseWorker({
    connection: nativeConnection,
    taskQueue: `${taskQueue}-housekeeping`,
    workflowBundle: bundle,
    activitiesDeps: { db: t.db, documentDir: dir },
  });
  try {
    await worker.runUntil(async () => {
      // No notification channel needed: housekeeping is created whatever the worker offers.
      expect(
        await ensurePeriodicSchedules(client, {
          taskQueue: `${taskQueue}-housekeeping`,
          capabilities: [],
          jobs: [HOUSEKEEPING],
        }),
      ).toEqual([{ scheduleId: HOUSEKEEPING.scheduleId, outcome: 'created' }]);
      const handle = client.schedule.getHandle(HOUSEKEEPING.scheduleId);
      // A minute of virtual time at a time until the schedule acts, then no further: one jump of an hour
      // could pass the run's activity timeouts while the activity is still working in real time.
      await waitFor(
        'the housekeeping schedule to act',
        async () => {
          if ((await handle.describe()).info.numActionsTaken >= 1) return true;
          await server.clock.advance(60_000);
          return false;
        },
        120_000,
      );
      const d = await waitFor('the housekeeping run', async () => {
        const x = await handle.describe();
        return x.info.runningActions.length === 0 && x;
      });
      const workflowId = d.info.recentActions[0].action.workflow.workflowId;
      const run = client.workflow.getHandle(workflowId);
      expect(await run.result()).toEqual({ uploadsRemoved: 1, throttleCountersRemoved: 1 });
      await Worker.runReplayHistory({ workflowBundle: bundle }, await run.fetchHistory(), workflowId);
      await handle.delete();
    });
    expect((await t.db('documents').whereIn('id', [abandoned.id, fresh.id, onCase.id]).pluck('id')).sort()).toEqual(
      [fresh.id, onCase.id].sort(),
    );
    expect(existsSync(abandonedFile)).toBe(false);
    expect(existsSync(await fileOf(fresh.id))).toBe(true);
    expect(await t.db('throttle_counters').pluck('key')).toEqual(['cf-recent']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
