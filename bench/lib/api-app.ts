/**
 * The whole API stack for HTTP benches, in one process on loopback: a fresh Postgres database, the
 * embedded server (on its own thread as `npm start` runs it with BENCH_API_SERVER_THREAD=1), the real
 * case worker, the Koa app on 127.0.0.1:0, the service-complaint process
 * published and the given staff users; `call` sends one request over a keep-alive agent.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import { loadConfig } from '../../config';
import { createUser, publishDefinition, saveDefinitionDraft, seedDirectory, type Database } from '../../db';
import { startDevServer } from '../../devserver';
import { startServerThread } from '../../devserver/thread/server-thread';
import { loadDefinitionFileSync } from '../../process-definitions/loader';
import { bundleCaseWorkflows, createCaseWorker } from '../../worker/case-worker';
import { withDatabase } from './bench-database';
import { httpClient } from '../support/http';

/**
 * BENCH_API_SERVER_THREAD=1: the server (in memory here) on its own worker thread, as `npm start` runs it.
 * Off by default: on the shared 2-core machine it cost ~7 ms CPU per lifecycle and gained no rate.
 */
const SERVER_THREAD = process.env.BENCH_API_SERVER_THREAD === '1';

export interface BenchUser {
  username: string;
  roles: string[];
  departmentId: string;
}

export interface ApiBenchApp {
  db: Database;
  /** Sends one request; the body is JSON. */
  call(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: string }>;
  /** A bearer token per user name. */
  tokens: Record<string, string>;
}

export async function withApiApp<T>(users: readonly BenchUser[], use: (app: ApiBenchApp) => Promise<T>): Promise<T> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  return withDatabase(async (db) => {
    const server = SERVER_THREAD
      ? await startServerThread({ store: '', port: 0, host: '127.0.0.1' })
      : await startDevServer({ port: 0 });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: 'default' });
    const native = await NativeConnection.connect({ address: server.address });
    const taskQueue = `bench-api-${randomUUID().slice(0, 8)}`;
    const worker = await createCaseWorker({
      connection: native,
      taskQueue,
      activitiesDeps: { db },
      workflowBundle: await bundleCaseWorkflows(),
      worker: { maxCachedWorkflows: 2000 },
    });
    const running = worker.run();
    let http: ReturnType<typeof httpClient> | undefined;
    let listener: Server | undefined;
    try {
      await seedDirectory(db, {
        departments: [
          { id: 'call-center', name: 'Call center' },
          { id: 'sanitation', name: 'Sanitation' },
        ],
      });
      for (const user of users)
        await createUser(db, {
          username: user.username,
          displayName: user.username,
          password: 'bench-password',
          roles: user.roles,
          departmentId: user.departmentId,
        });
      const compiled = loadDefinitionFileSync(
        path.join(__dirname, '..', '..', 'process-definitions', 'service-complaint.yaml'),
      ).compiled;
      if (!compiled) throw new Error('service-complaint does not compile');
      await saveDefinitionDraft(db, {
        id: compiled.id,
        version: compiled.version,
        title: compiled.title,
        contentHash: compiled.hash,
        yamlSource: '# bench\n',
        compiled,
        createdBy: 'bench',
      });
      await publishDefinition(db, { id: compiled.id, version: compiled.version, publishedBy: 'bench' });
      const config = loadConfig({
        NODE_ENV: 'test',
        TASK_QUEUE: taskQueue,
        JWT_SECRET: 'bench-secret-0123456789-0123456789-0123456789',
        DOCUMENT_STORAGE: 'db',
      });
      const { app } = buildApp({ config, db, temporalClient: client, logger: silentLogger });
      listener = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => listener?.once('listening', resolve));
      const port = (listener.address() as AddressInfo).port;
      http = httpClient({ host: '127.0.0.1', port });
      const { call } = http;
      const tokens: Record<string, string> = {};
      for (const user of users) {
        const login = await call('POST', '/api/v1/auth/login', undefined, {
          username: user.username,
          password: 'bench-password',
        });
        tokens[user.username] = (JSON.parse(login.body) as { token: string }).token;
      }
      return await use({ db, call, tokens });
    } finally {
      if (listener) await new Promise((resolve) => listener?.close(resolve));
      http?.close();
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
      await server.close();
    }
  });
}

/** Lifecycles or requests per second, p50 and p99, at a closed-loop concurrency (the benches' one measurer). */
export { measureRequests as measureRate } from '../support/http';
