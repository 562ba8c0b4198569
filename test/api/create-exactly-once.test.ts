/**
 * Issue 9, item 3: a create is exactly-once across crashes. The real API, worker, embedded Temporal
 * server and Postgres; the failure points are injected through the API's Temporal client dependency
 * (the real client, with its start — `workflow.executeUpdateWithStart`, or `workflow.start` — made to
 * lose its answer, fail, or hang as a process that died there would), not by mocking Temporal or Postgres.
 *
 * Before the fix: a start whose answer was lost made a second case on retry; a retry while the first
 * attempt held the key got 409 for a minute; a create stuck between its row insert and the workflow
 * start left an "open" case without a workflow in the backlog; nothing removed such rows.
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import { removeOrphanCases } from '../../api/services/orphan-cases';
import type { StartedCase } from '../../api/services/case-service';
import { countCases, createCase, getCase, listAuditEntries, verifyAuditChain } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { startCaseWorkflow } from '../../client/case-client';
import { shippedDefinition } from '../support/shipped-definitions';
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { jsonBody } from './support/json-body';
import { waitFor } from '../support/until';

jest.setTimeout(120_000);

type Fault = 'lose-answer' | 'fail-before' | 'hang-after' | 'hang-before' | 'die-after';

/** The real client; the next start (update-with-start or plain) meets the armed fault. A hang lasts until `release()`. */
function faultyTemporal(real: Client) {
  let armed: Fault | undefined;
  let release: (() => void) | undefined;
  let hanging = false;
  const gate = () => {
    hanging = true;
    return new Promise<void>((resolve) => (release = resolve));
  };
  const workflow = new Proxy(real.workflow, {
    get(target, prop) {
      if (prop === 'start' || prop === 'executeUpdateWithStart') {
        const call = (Reflect.get(target, prop, target) as (...a: unknown[]) => Promise<unknown>).bind(target);
        return async (...args: unknown[]) => {
          const fault = armed;
          armed = undefined;
          if (fault === 'fail-before') throw new Error('injected: the process died before the start');
          if (fault === 'hang-before') {
            await gate();
            throw new Error('injected: the process died before the start');
          }
          if (fault === 'die-after') {
            // The start reached the server; whatever it answered (here: a timeout, no worker), the process died.
            await call(...args).catch(() => undefined);
            throw new Error('injected: the process died after sending the start');
          }
          const handle = await call(...args);
          if (fault === 'lose-answer') throw new Error('injected: the start was accepted, its answer lost');
          if (fault === 'hang-after') {
            await gate();
            throw new Error('injected: the process died after the start');
          }
          return handle;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const client = new Proxy(real, {
    get(target, prop) {
      if (prop === 'workflow') return workflow;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    client,
    arm: (fault: Fault) => (armed = fault),
    disarm: () => (armed = undefined),
    release: () => {
      hanging = false;
      release?.();
    },
    /** True while a start is held at the armed hang. */
    hanging: () => hanging,
  };
}

let env: ApiEnv;
let faults: ReturnType<typeof faultyTemporal>;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  env = await startApiEnv();
  faults = faultyTemporal(env.client);
  const app = buildApp({ config: env.config, db: env.t.db, temporalClient: faults.client, logger: silentLogger });
  http = request(app.app.callback());
}, 90_000);
// A test that fails while a start hangs must not leave the fault armed or the hang held for the next one.
afterEach(() => {
  faults.disarm();
  faults.release();
});
afterAll(async () => {
  faults?.release();
  await env?.close();
});

async function workflowIds(): Promise<string[]> {
  const ids: string[] = [];
  await env.client.withDeadline(Date.now() + 30_000, async () => {
    for await (const execution of env.client.workflow.list()) ids.push(execution.workflowId);
  });
  return ids.sort();
}

async function waitForRows(count: number): Promise<void> {
  await waitFor(`${count} case rows`, async () => (await countCases(env.t.db)) >= count);
}

const body = (description: string) => ({
  definitionId: 'service-complaint',
  data: { ...SERVICE_COMPLAINT, description },
});
/** Each create is bounded well inside the test's timeout, so a hang fails naming the request, not the whole file. */
const create = (key: string | undefined, description: string) => {
  const req = http.post('/api/v1/cases').set(auth(env.tokens.clerk)).timeout({ response: 45_000 });
  return (key ? req.set('Idempotency-Key', key) : req).send(body(description));
};
const answerOf = (response: { body: unknown }) => jsonBody<StartedCase>(response);

async function residentSees(trackingNumber: string, code: string): Promise<number> {
  return (await http.get(`/api/v1/public/cases/${trackingNumber}`).query({ code })).status;
}

it('a start whose answer was lost, retried with the same key: one case, and every retry answers the same', async () => {
  const before = await workflowIds();
  faults.arm('lose-answer');
  const lost = await create('lost-answer-1', 'first: answer lost');
  expect(lost.status).toBeGreaterThanOrEqual(500);

  const retry = await create('lost-answer-1', 'first: answer lost');
  expect(retry.status).toBe(201);
  const again = await create('lost-answer-1', 'first: answer lost');
  expect(again.status).toBe(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect([answerOf(again).case.id, answerOf(again).trackingNumber, answerOf(again).verificationCode]).toEqual([
    answerOf(retry).case.id,
    answerOf(retry).trackingNumber,
    answerOf(retry).verificationCode,
  ]);

  const started = (await workflowIds()).filter((id) => !before.includes(id));
  expect(started).toEqual([answerOf(retry).case.id]);
  const row = await getCase(env.t.db, answerOf(retry).case.id);
  expect(row?.trackingNumber).toBe(answerOf(retry).trackingNumber);
  expect(await residentSees(answerOf(retry).trackingNumber, answerOf(retry).verificationCode)).toBe(200);
});

it('a retry while the first attempt hangs after the start (as a dead process would) gets the case at once, not 409', async () => {
  const before = await workflowIds();
  faults.arm('hang-after');
  const hung = create('hung-1', 'second: first attempt hangs');
  // Send the hung request and wait until it is held after its start. (Not "until a new workflow is
  // listed": any other workflow listed first let the retry reach the start before the first attempt and
  // take the armed hang itself, and then nothing released it.)
  const pending = hung.then((r) => r);
  await waitFor('the hung request to be held after its start', () => faults.hanging());
  expect((await workflowIds()).length).toBe(before.length + 1);

  const retry = await create('hung-1', 'second: first attempt hangs');
  expect(retry.status).toBe(201);
  expect(answerOf(retry).case.currentSteps.map((s) => s.stepId)).toEqual(['triage']);
  faults.release();
  expect((await pending).status).toBeGreaterThanOrEqual(500);

  const after = await create('hung-1', 'second: first attempt hangs');
  expect(after.status).toBe(201);
  expect([answerOf(after).case.id, answerOf(after).trackingNumber, answerOf(after).verificationCode]).toEqual([
    answerOf(retry).case.id,
    answerOf(retry).trackingNumber,
    answerOf(retry).verificationCode,
  ]);
  expect((await workflowIds()).filter((id) => !before.includes(id))).toEqual([answerOf(retry).case.id]);
  expect(await residentSees(answerOf(after).trackingNumber, answerOf(after).verificationCode)).toBe(200);
});

it('a create that dies before its workflow starts leaves no case row (with or without a key); the keyed retry makes the one case', async () => {
  const cases = await countCases(env.t.db);
  faults.arm('hang-before');
  const hung = create(undefined, 'third: dies before the start').then((r) => r);
  await waitFor('the create to hang before its start', () => faults.hanging());
  // Stuck exactly there: no case row, so nothing counts in the backlog.
  expect(await countCases(env.t.db)).toBe(cases);
  faults.release();
  expect((await hung).status).toBeGreaterThanOrEqual(500);
  expect(await countCases(env.t.db)).toBe(cases);

  faults.arm('fail-before');
  expect((await create('died-before-1', 'fourth: dies before the start')).status).toBeGreaterThanOrEqual(500);
  expect(await countCases(env.t.db)).toBe(cases);
  const retry = await create('died-before-1', 'fourth: dies before the start');
  expect(retry.status).toBe(201);
  await waitForRows(cases + 1);
  expect(await countCases(env.t.db)).toBe(cases + 1);
  expect(await residentSees(answerOf(retry).trackingNumber, answerOf(retry).verificationCode)).toBe(200);
});

it('a refused create frees its key: the corrected request with the same key is created', async () => {
  const refused = await http
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .set('Idempotency-Key', 'refused-1')
    .send({ definitionId: 'service-complaint', data: { ...SERVICE_COMPLAINT, colour: 'red' } });
  expect(refused.status).toBe(400);
  const corrected = await create('refused-1', 'fifth: corrected');
  expect(corrected.status).toBe(201);
});

it('a case answered while its worker is slow (no first projection yet) can be read and listed at once', async () => {
  // An API on a task queue no worker polls: the workflow starts, nothing projects it.
  const stalled = buildApp({
    config: {
      ...env.config,
      temporal: { ...env.config.temporal, taskQueue: `${env.config.temporal.taskQueue}-stalled` },
    },
    db: env.t.db,
    temporalClient: env.client,
    logger: silentLogger,
    outcomeTimeoutMs: 300,
  });
  const staff = request(stalled.app.callback());
  const created = await staff
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .set('Idempotency-Key', 'slow-worker-1')
    .send(body('answered before its first projection'));
  expect(created.status).toBe(201);
  const { case: answered, trackingNumber, verificationCode } = answerOf(created);
  const read = await staff.get(`/api/v1/cases/${answered.id}`).set(auth(env.tokens.clerk));
  expect(read.status).toBe(200);
  expect(jsonBody<{ trackingNumber: string }>(read).trackingNumber).toBe(trackingNumber);
  expect(await residentSees(trackingNumber, verificationCode)).toBe(200);
  // The retry answers the same case; the row is the workflow's, never one without it.
  const retry = await staff
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .set('Idempotency-Key', 'slow-worker-1')
    .send(body('answered before its first projection'));
  expect(answerOf(retry).case.id).toBe(answered.id);
  await expect(env.client.workflow.getHandle(answered.id).describe()).resolves.toBeDefined();
  await env.client.workflow.getHandle(answered.id).terminate('test: nobody polls this queue');
  // Leave no unprojected row behind for the start-up sweep test below.
  await env.t.db('cases').where({ id: answered.id }).delete();
});

it('a retry that finds the case started but not yet projected registers it as the first attempt would: same department, channel and service code', async () => {
  // No worker polls this queue: nothing projects, so each answer comes from what the API registered.
  const stalledFaults = faultyTemporal(env.client);
  const stalled = buildApp({
    config: {
      ...env.config,
      temporal: { ...env.config.temporal, taskQueue: `${env.config.temporal.taskQueue}-stalled-retry` },
    },
    db: env.t.db,
    temporalClient: stalledFaults.client,
    logger: silentLogger,
    outcomeTimeoutMs: 300,
  });
  const staff = request(stalled.app.callback());
  const post = (key: string) =>
    staff
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', key)
      .timeout({ response: 45_000 })
      .send(body(`registered by ${key}`));
  const columns = ['department_id', 'channel', 'service_code'] as const;
  const rowOf = (id: string) =>
    env.t
      .db('cases')
      .where({ id })
      .first<Record<string, unknown>>(...columns);

  const first = await post('registered-first-1');
  expect(first.status).toBe(201);
  stalledFaults.arm('die-after');
  expect((await post('registered-retry-1')).status).toBeGreaterThanOrEqual(500);
  const retried = await post('registered-retry-1');
  expect(retried.status).toBe(201);

  const ids = [answerOf(first).case.id, answerOf(retried).case.id];
  const [byFirst, byRetry] = await Promise.all(ids.map(rowOf));
  expect(byFirst?.department_id).toBe('call-center');
  expect(byRetry).toEqual(byFirst);
  // The department's staff see it at once, before any projection.
  const read = await staff.get(`/api/v1/cases/${answerOf(retried).case.id}`).set(auth(env.tokens.clerk));
  expect(read.status).toBe(200);

  for (const id of ids) await env.client.workflow.getHandle(id).terminate('test: nobody polls this queue');
  await env.t.db('cases').whereIn('id', ids).delete();
});

describe('start-up sweep of rows an earlier version left without a workflow', () => {
  it('removes a case row whose workflow never started (audited), keeps one whose workflow exists', async () => {
    const compiled = shippedDefinition('service-complaint');
    const registration = {
      definitionId: compiled.id,
      definitionVersion: compiled.version,
      definitionHash: compiled.hash,
      residentStatus: 'received',
      caseData: SERVICE_COMPLAINT,
      channel: 'api',
    };
    // The old create path: the row first, then (never, or on a queue no worker serves) the workflow.
    const orphan = await createCase(env.t.db, { id: 'legacy-orphan-1', ...registration });
    const waiting = await createCase(env.t.db, { id: 'legacy-waiting-1', ...registration });
    await startCaseWorkflow(
      env.client,
      { caseId: waiting.record.id, definition: compiled, data: SERVICE_COMPLAINT },
      { taskQueue: 'nobody-serves-this-queue' },
    );

    const sweep = await removeOrphanCases(
      { db: env.t.db, temporal: env.client, clock: () => new Date(Date.now() + 60_000) },
      { graceMs: 1_000 },
    );
    expect(sweep.removed).toEqual([orphan.record.id]);
    expect(sweep.kept).toEqual([waiting.record.id]);
    expect(await getCase(env.t.db, orphan.record.id)).toBeUndefined();
    expect(await getCase(env.t.db, waiting.record.id)).toBeDefined();

    const platform = await listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { limit: 5000 });
    const removal = platform.find((e) => e.eventType === 'case.orphan-removed');
    expect(removal?.details).toMatchObject({ caseId: orphan.record.id, trackingNumber: orphan.record.trackingNumber });
    expect((await verifyAuditChain(env.t.db)).ok).toBe(true);

    // Rows younger than the grace period are left alone (another instance may be mid-create).
    const young = await createCase(env.t.db, { id: 'legacy-young-1', ...registration });
    expect(
      (await removeOrphanCases({ db: env.t.db, temporal: env.client, clock: () => new Date() })).removed,
    ).not.toContain(young.record.id);
  });
});
