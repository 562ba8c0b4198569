/**
 * The staff API on loopback, with the real worker, the embedded server and Postgres on 127.0.0.1:
 * requests per second and p50/p99 latency for case creation (start workflow, wait for its first
 * projection) and case reads (read model + masking + an audited read), each at a steady, bounded
 * concurrency (closed loop). How it is measured: bench/notes/api.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import knexFactory from 'knex';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { buildApp } from '../api/create-app';
import { silentLogger } from '../api/logger';
import { loadConfig } from '../config';
import { createDatabase, createUser, publishDefinition, saveDefinitionDraft, seedDirectory } from '../db';
import { startDevServer } from '../devserver';
import { loadDefinitionFileSync } from '../process-definitions/loader';
import { bundleCaseWorkflows, createCaseWorker } from '../worker/case-worker';
import type { BenchFigures } from './lib/bench-result';
import { elapsedMs, percentile, round, runBounded } from './lib/measure';

const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CREATES = Number(process.env.BENCH_API_CREATES ?? 300);
const CREATE_CONCURRENCY = Number(process.env.BENCH_API_CREATE_CONCURRENCY ?? 8);
const READS = Number(process.env.BENCH_API_READS ?? 3000);
const READ_CONCURRENCY = Number(process.env.BENCH_API_READ_CONCURRENCY ?? 16);

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(port: number, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function measure(count: number, concurrency: number, one: (i: number) => Promise<void>): Promise<{ rps: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await runBounded(count, concurrency, async (i) => {
    const t0 = performance.now();
    await one(i);
    latencies.push(elapsedMs(t0));
  });
  const seconds = elapsedMs(started) / 1000;
  return { rps: round(count / seconds, 1), p50: round(percentile(latencies, 0.5), 1), p99: round(percentile(latencies, 0.99), 1) };
}

export async function run(): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const name = `civicflow_bench_api_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const db = await createDatabase({ url: url.toString(), embeddedDir: '' }, { pool: { min: 0, max: 20 } });
  const server = await startDevServer({ port: 0 });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const native = await NativeConnection.connect({ address: server.address });
  const taskQueue = `bench-api-${randomUUID().slice(0, 8)}`;
  const worker = await createCaseWorker({ connection: native, taskQueue, activitiesDeps: { db }, workflowBundle: await bundleCaseWorkflows(), worker: { maxCachedWorkflows: 2000 } });
  const running = worker.run();
  let listener: http.Server | undefined;
  try {
    await seedDirectory(db, { departments: [{ id: 'call-center', name: 'Call center' }, { id: 'sanitation', name: 'Sanitation' }] });
    await createUser(db, { username: 'bench-clerk', displayName: 'Bench clerk', password: 'bench-password', roles: ['staff', 'call-center-agent'], departmentId: 'call-center' });
    const compiled = loadDefinitionFileSync(path.join(__dirname, '..', 'process-definitions', 'service-complaint.yaml')).compiled;
    if (!compiled) throw new Error('service-complaint does not compile');
    await saveDefinitionDraft(db, { id: compiled.id, version: compiled.version, title: compiled.title, contentHash: compiled.hash, yamlSource: '# bench\n', compiled, createdBy: 'bench' });
    await publishDefinition(db, { id: compiled.id, version: compiled.version, publishedBy: 'bench' });
    const config = loadConfig({ NODE_ENV: 'test', TASK_QUEUE: taskQueue, JWT_SECRET: 'bench-secret-0123456789-0123456789-0123456789', DOCUMENT_STORAGE: 'db' });
    const { app } = buildApp({ config, db, temporalClient: client, logger: silentLogger });
    listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener?.once('listening', resolve));
    const port = (listener.address() as AddressInfo).port;
    const login = await call(port, 'POST', '/api/v1/auth/login', undefined, { username: 'bench-clerk', password: 'bench-password' });
    const token = (JSON.parse(login.body) as { token: string }).token;

    const ids: string[] = [];
    const body = { definitionId: 'service-complaint', data: { category: 'graffiti', channel: 'web', description: 'Tag on the wall', address: '200 N Spring St' } };
    // Warm-up: bundles are loaded, connections open, caches filled.
    for (let i = 0; i < 10; i++) await call(port, 'POST', '/api/v1/cases', token, body);
    const creation = await measure(CREATES, CREATE_CONCURRENCY, async () => {
      const response = await call(port, 'POST', '/api/v1/cases', token, body);
      if (response.status !== 201) throw new Error(`create answered ${response.status}: ${response.body}`);
      ids.push((JSON.parse(response.body) as { case: { id: string } }).case.id);
    });
    const reads = await measure(READS, READ_CONCURRENCY, async (i) => {
      const response = await call(port, 'GET', `/api/v1/cases/${ids[i % ids.length]}`, token);
      if (response.status !== 200) throw new Error(`read answered ${response.status}: ${response.body}`);
    });
    const lists = await measure(Math.floor(READS / 5), READ_CONCURRENCY, async () => {
      const response = await call(port, 'GET', '/api/v1/cases?limit=50&sort=sla-due', token);
      if (response.status !== 200) throw new Error(`list answered ${response.status}`);
    });
    return {
      'create: requests/s': creation.rps,
      'create: p50 ms': creation.p50,
      'create: p99 ms': creation.p99,
      'create: requests (concurrency)': `${CREATES} (${CREATE_CONCURRENCY})`,
      'read: requests/s': reads.rps,
      'read: p50 ms': reads.p50,
      'read: p99 ms': reads.p99,
      'read: requests (concurrency)': `${READS} (${READ_CONCURRENCY})`,
      'list 50: requests/s': lists.rps,
      'list 50: p50 ms': lists.p50,
      'list 50: p99 ms': lists.p99,
    };
  } finally {
    if (listener) await new Promise((resolve) => listener?.close(resolve));
    agent.destroy();
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
    await server.close();
    await db.destroy();
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  }
}
