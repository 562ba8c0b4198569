/**
 * Work orders with a department's system played by a real HTTP server started here: it verifies our
 * signature (and would refuse a tampered order), is down for a while (the order is then delivered
 * once, with one idempotency key across the retries, time skipped), answers a reference that lands
 * on the case, and calls back "completed" through the real API; the case moves on. Forged, stale and
 * replayed callbacks are refused with a code and change nothing. The case-change feed pages with a cursor.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from '../case/support/case-observe';
import { loadConfig, resolveConnections } from '../../config';
import { createApiKey, findWorkOrder, listAuditEntries, listWorkOrders } from '../../db';
import type { Actor } from '../../interpreter/case-model';
import { SERVICE_COMPLAINT_SOURCE, serviceComplaintWithWorkOrders } from '../support/service-complaint-versions';
import type { Connections } from '../../domain/connections';
import { checkSignature, signedHeaders } from '../../lib/signed-request';
import { checkVersionChange, loadDefinitionText } from '../../process-definitions/loader';
import { caseSummaryQuery, staffActionSignal } from '../../workflows/case-contract';
import {
  createTestDatabase,
  shippedDefinition,
  startCaseServer,
  type CaseServer,
  type TestDatabase,
} from '../case/support/case-harness';
import { until } from '../support/until';
import { errorOf, jsonBody } from '../api/support/json-body';

const OUR_SECRET = 'streets-shared-secret-0123456789-abcdef';

const DEFINITION = readFileSync(
  path.join(__dirname, '..', 'fixtures', 'definitions', 'work-order-pothole.yaml'),
  'utf8',
);

interface ReceivedOrder {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('work orders to a department system', () => {
  let t: TestDatabase;
  let env: CaseServer;
  let worker: Worker;
  let running: Promise<void>;
  let department: http.Server;
  let connections: Connections;
  let api: ReturnType<typeof request>;
  /** Attempts the department answers 503 to before it is up. */
  let downFor = 2;
  const attempts: ReceivedOrder[] = [];
  const accepted = new Map<string, string>();
  const definition = loadDefinitionText(DEFINITION, {
    file: 'work-order-pothole.yaml',
    knownConnections: ['streets-work-orders'],
  }).compiled!;

  beforeAll(async () => {
    t = await createTestDatabase();
    department = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        attempts.push({ headers: req.headers, body });
        const signed = checkSignature(
          OUR_SECRET,
          {
            timestamp: String(req.headers['x-civicflow-timestamp'] ?? ''),
            signature: String(req.headers['x-civicflow-signature'] ?? ''),
          },
          body,
          new Date(),
        );
        if (signed !== 'valid') return void res.writeHead(401).end('{"error":"bad signature"}');
        if (downFor > 0) {
          downFor -= 1;
          return void res.writeHead(503).end();
        }
        const key = String(req.headers['idempotency-key']);
        if (!accepted.has(key)) accepted.set(key, `WO-${accepted.size + 1001}`);
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ reference: accepted.get(key) }));
      });
    });
    await new Promise<void>((resolve) => department.listen(0, '127.0.0.1', resolve));
    const { port } = department.address() as AddressInfo;
    connections = resolveConnections(
      {
        format: 'civicflow/connections-v1',
        connections: {
          'streets-work-orders': {
            title: 'Streets work orders',
            url: `http://127.0.0.1:${port}/orders`,
            secret: { env: 'STREETS_SECRET' },
            fields: { address: 'location' },
            events: { progress: 'work-order-progress', completed: 'work-order-completed' },
          },
        },
      },
      { STREETS_SECRET: OUR_SECRET },
      'test',
    );
    env = await startCaseServer();
    worker = await env.newWorker({ db: t.db, connections, publicUrl: 'http://civicflow.test' });
    running = worker.run();
    const config = loadConfig({
      NODE_ENV: 'test',
      TASK_QUEUE: env.taskQueue,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    });
    api = request(
      buildApp({
        config,
        db: t.db,
        temporalClient: env.client,
        logger: silentLogger,
        connections,
        feedSettleMs: 0,
      }).app.callback(),
    );
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.close();
    await new Promise((resolve) => department?.close(resolve));
    await t?.drop();
  });

  const findWorkOrdersOf = (caseId: string) => listWorkOrders(t.db, { caseId });
  const callback = (body: object, secret = OUR_SECRET, at = new Date()) => {
    const text = JSON.stringify(body);
    return api
      .post('/api/v1/connections/streets-work-orders/callbacks')
      .set({ 'content-type': 'application/json', ...signedHeaders(secret, text, at) })
      .send(text);
  };

  it('sends the order once the system is back, takes its reference, and moves on when it calls back', async () => {
    const caseId = `pothole-${randomUUID().slice(0, 8)}`;
    const handle = await startCaseWorkflow(
      env.client,
      { caseId, definition, data: { address: '200 N Spring St', residentEmail: 'ana@example.org' } },
      { taskQueue: env.taskQueue },
    );

    // Down for two attempts: skip the back-off (10 s, 20 s) until the third attempt is accepted.
    await until(async () => {
      if (accepted.size > 0) return true;
      await env.server.clock.advance(10_000);
      return false;
    }, 'the work order delivered');
    let summary = await waitUntilSettled(handle);
    expect(summary.steps.map((s) => s.stepId)).toEqual(['crew-works']);
    expect(summary.data.workOrderNumber).toBe('WO-1001');

    // Three attempts, one idempotency key, one order; only the mapped field left CivicFlow.
    expect(attempts).toHaveLength(3);
    const keys = new Set(attempts.map((a) => a.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect(accepted.size).toBe(1);
    const order = JSON.parse(attempts[2].body) as {
      workOrderId: string;
      fields: Record<string, unknown>;
      callbackUrl: string;
    };
    expect(order.fields).toEqual({ location: '200 N Spring St' });
    expect(order.callbackUrl).toBe('http://civicflow.test/api/v1/connections/streets-work-orders/callbacks');
    expect(await findWorkOrder(t.db, order.workOrderId)).toMatchObject({ caseId, attempts: 3, reference: 'WO-1001' });

    // The department's check refuses a tampered order (same headers, another body).
    const sent = attempts[2];
    const tampered = sent.body.replace('200 N Spring St', '1 Other St');
    expect(
      checkSignature(
        OUR_SECRET,
        {
          timestamp: String(sent.headers['x-civicflow-timestamp']),
          signature: String(sent.headers['x-civicflow-signature']),
        },
        tampered,
        new Date(),
      ),
    ).toBe('mismatch');

    // Forged (another secret) and stale callbacks: refused with a code, the case unchanged.
    const before = (await handle.query(caseSummaryQuery)).sequence;
    const forged = await callback(
      { callbackId: 'cb-forged', workOrderId: order.workOrderId, status: 'completed' },
      'not-the-streets-secret-0123456789-xyz',
    );
    expect(forged.status).toBe(401);
    expect(errorOf(forged).code).toBe('SIGNATURE_INVALID');
    const stale = await callback(
      { callbackId: 'cb-stale', workOrderId: order.workOrderId, status: 'completed' },
      OUR_SECRET,
      new Date(Date.now() - 10 * 60_000),
    );
    expect(stale.status).toBe(401);
    expect(errorOf(stale).code).toBe('SIGNATURE_EXPIRED');
    const unknown = await callback({ callbackId: 'cb-unknown', workOrderId: 'nobody:nothing', status: 'completed' });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('WORK_ORDER_NOT_FOUND');
    expect((await handle.query(caseSummaryQuery)).sequence).toBe(before);

    // Progress keeps the case waiting; completed moves it on.
    const progress = await callback({
      callbackId: 'cb-1',
      workOrderId: order.workOrderId,
      status: 'progress',
      data: { crewNote: 'Crew scheduled for Tuesday' },
    });
    expect(progress.status).toBe(202);
    expect(jsonBody<{ outcome: { status: string } }>(progress).outcome.status).toBe('accepted');
    const completed = await callback({
      callbackId: 'cb-2',
      workOrderId: order.workOrderId,
      status: 'completed',
      data: { crewNote: 'Filled with hot asphalt' },
    });
    expect(completed.status).toBe(202);
    expect(completed.body).toMatchObject({ caseId, event: 'work-order-completed', outcome: { status: 'accepted' } });
    summary = await waitUntilSettled(handle);
    expect(summary.lifecycle).toBe('closed');
    expect(summary.data.crewNote).toBe('Filled with hot asphalt');

    // A replay of the completed callback, even freshly signed: 409, nothing changes.
    const after = summary.sequence;
    const replay = await callback({
      callbackId: 'cb-2',
      workOrderId: order.workOrderId,
      status: 'completed',
      data: { crewNote: 'Again' },
    });
    expect(replay.status).toBe(409);
    expect(errorOf(replay).code).toBe('CALLBACK_REPLAYED');
    expect((await handle.query(caseSummaryQuery)).sequence).toBe(after);

    // The audit trail has the reference and the callbacks with their source.
    const received = await listAuditEntries(t.db, caseId, { eventTypes: ['event-received'] });
    expect(received.map((e) => [e.actor.id, e.source.channel])).toEqual([
      ['connection:streets-work-orders', 'work-order-callback'],
      ['connection:streets-work-orders', 'work-order-callback'],
    ]);

    // The outbound feed: the case's changes in order, paged by cursor, only to a key allowed to read it.
    const { key } = await createApiKey(t.db, {
      name: 'warehouse',
      ownerKind: 'integration',
      scopes: ['events:read', 'departments:all'],
    });
    const first = await api.get('/api/v1/case-changes?limit=3').set('x-api-key', key);
    expect(first.status).toBe(200);
    const page = (response: { body: unknown }) =>
      jsonBody<{ changes: { caseId: string; sequence: number; type: string }[]; cursor: string }>(response);
    expect(page(first).changes).toHaveLength(3);
    const rest = await api.get(`/api/v1/case-changes?limit=1000&after=${page(first).cursor}`).set('x-api-key', key);
    const all = [...page(first).changes, ...page(rest).changes];
    const mine = all.filter((c) => c.caseId === caseId);
    expect(mine.map((c) => c.sequence)).toEqual([...mine.map((c) => c.sequence)].sort((a, b) => a - b));
    expect(mine.map((c) => c.type)).toEqual(
      expect.arrayContaining(['activity-run', 'event-received', 'case-finished']),
    );
    const { key: narrow } = await createApiKey(t.db, {
      name: 'no-feed',
      ownerKind: 'integration',
      scopes: ['cases:read'],
    });
    expect((await api.get('/api/v1/case-changes').set('x-api-key', narrow)).status).toBe(403);
  });
  it('the service complaint 1.1.0 sends potholes as work orders; a case on 1.0.0 stays on its version', async () => {
    downFor = 0;
    const v10 = shippedDefinition('service-complaint');
    // A valid successor of the published 1.0.0 (no warnings, no version-rule problems).
    const loaded = loadDefinitionText(serviceComplaintWithWorkOrders(), {
      file: 'service-complaint.yaml',
      knownConnections: Object.keys(connections),
    });
    expect(loaded.problems).toEqual([]);
    expect(
      checkVersionChange(loadDefinitionText(SERVICE_COMPLAINT_SOURCE, { file: 'service-complaint.yaml' }), loaded),
    ).toEqual([]);
    const v11 = loaded.compiled!;
    const data = {
      category: 'pothole',
      channel: 'web',
      description: 'Deep pothole in the bus lane',
      address: '300 N Spring St',
      residentEmail: 'ana@example.org',
    };
    const agent: Actor = { id: 'ana-agent', roles: ['call-center-agent'], kind: 'staff' };
    const oldId = `sc10-${randomUUID().slice(0, 8)}`;
    const newId = `sc11-${randomUUID().slice(0, 8)}`;
    const old = await startCaseWorkflow(
      env.client,
      { caseId: oldId, definition: v10, data },
      { taskQueue: env.taskQueue },
    );
    const fresh = await startCaseWorkflow(
      env.client,
      { caseId: newId, definition: v11, data },
      { taskQueue: env.taskQueue },
    );
    for (const handle of [old, fresh]) {
      const routed = randomUUID();
      await handle.signal(staffActionSignal, { eventId: routed, actor: agent, step: 'triage', action: 'route' });
      expect((await waitForEventOutcome(handle, routed)).status).toBe('accepted');
    }
    expect((await waitUntilSettled(old)).steps.map((s) => s.stepId)).toEqual(['pothole-repair']);
    await until(
      async () => (await findWorkOrdersOf(newId)).some((o) => o.reference !== null),
      'the 1.1.0 work order delivered',
    );
    const waiting = await waitUntilSettled(fresh);
    expect(waiting.steps.map((s) => s.stepId)).toEqual(['awaiting-street-services']);
    const [order] = await findWorkOrdersOf(newId);
    expect(waiting.data.workOrderNumber).toBe(order.reference);

    const done = await callback({
      callbackId: `sc-${newId}`,
      workOrderId: order.id,
      status: 'completed',
      data: { resolutionNote: 'Pothole filled by the asphalt crew.', resolutionCode: 'completed' },
    });
    expect(done.status).toBe(202);
    const closed = await waitUntilSettled(fresh);
    expect(closed.lifecycle).toBe('closed');
    expect(closed.outcome?.id).toBe('resolved');
    expect((await waitUntilSettled(old)).steps.map((s) => s.stepId)).toEqual(['pothole-repair']);
  });
});
