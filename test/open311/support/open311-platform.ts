/**
 * The whole platform in one test process: a fresh Postgres database, the embedded Temporal server
 * (real time, no skipping), the real case worker, and the API app with the Open311 router mounted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type Koa from 'koa';
import { buildApp } from '../../../api/create-app';
import type { Principal } from '../../../api/auth/principal';
import { loadConfig, type AppConfig } from '../../../config';
import { createApiKey, seedDirectory } from '../../../db';
import { startDevServer, type DevServer } from '../../../devserver';
import { createOpen311Router } from '../../../open311';
import { runIdempotent } from '../../../api/services';
import { createCaseWorker } from '../../../worker/case-worker';
import { caseBundle } from '../../case/support/case-harness';
import { createTestDatabase, type TestDatabase } from '../../db/support/test-database';

export const PASSWORD = 'correct horse battery staple';

export interface Open311Platform {
  app: Koa;
  config: AppConfig;
  database: TestDatabase;
  server: DevServer;
  openApiKey: string;
  integrationKey: string;
  close(): Promise<void>;
}

const ADMIN: Principal = {
  kind: 'user',
  id: 'test-admin',
  roles: ['admin'],
  departmentId: null,
  grants: {},
  scopes: [],
};

let runtimeReady = false;
function quietRuntime(): void {
  if (runtimeReady) return;
  runtimeReady = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already in this process.
  }
}

/** `definitions`: the shipped process definitions (file names without .yaml) to publish; the 311 complaint by default. */
export async function startOpen311Platform(
  definitions: readonly string[] = ['service-complaint'],
): Promise<Open311Platform> {
  quietRuntime();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-open311-'));
  const database = await createTestDatabase();
  const server = await startDevServer({ port: 0 });
  const taskQueue = `open311-${Math.random().toString(36).slice(2, 10)}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    TASK_QUEUE: taskQueue,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: server.address,
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
  });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker: Worker = await createCaseWorker({
    connection: nativeConnection,
    taskQueue,
    activitiesDeps: { db: database.db },
    workflowBundle: await caseBundle(),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const temporalClient = new Client({ connection, namespace: 'default' });
  const silent = {
    info: () => undefined,
    warn: () => undefined,
    error: (entry: unknown) => console.error(entry),
    debug: () => undefined,
  };
  const built = buildApp({ config, db: database.db, temporalClient, logger: silent });
  built.app.use(
    createOpen311Router({
      db: database.db,
      cases: built.services.cases,
      idempotent: (key, run) => runIdempotent(database.db, key, run),
      clock: () => new Date(),
      config,
      onError: (error) => console.error(error),
    }).routes(),
  );
  // A second mount answering POST with tokens (GeoReport "batch" services).
  built.app.use(
    createOpen311Router({
      db: database.db,
      cases: built.services.cases,
      idempotent: (key, run) => runIdempotent(database.db, key, run),
      clock: () => new Date(),
      config,
      prefix: '/open311-batch/v2',
      responseMode: 'batch',
    }).routes(),
  );

  await seedDirectory(database.db, {
    departments: [
      { id: 'call-center', name: 'MyLA311 call center' },
      { id: 'street-services', name: 'Bureau of Street Services' },
    ],
    users: [
      {
        username: 'agent',
        displayName: 'Ana Agent',
        password: PASSWORD,
        roles: ['staff', 'call-center-agent'],
        departmentId: 'call-center',
      },
      {
        username: 'crew',
        displayName: 'Carl Crew',
        password: PASSWORD,
        roles: ['staff', 'street-crew-lead'],
        departmentId: 'street-services',
      },
    ],
  });
  for (const name of definitions) {
    const source = readFileSync(path.join(__dirname, '..', '..', '..', 'process-definitions', `${name}.yaml`), 'utf8');
    const request = { channel: 'test' };
    const draft = await built.services.definitions.uploadDraft(ADMIN, source, request);
    await built.services.definitions.publish(ADMIN, draft.definition.id, draft.definition.version, request);
  }
  const openApiKey = (await createApiKey(database.db, { name: '311 app', ownerKind: 'open311' })).key;
  const integrationKey = (
    await createApiKey(database.db, { name: 'records system', ownerKind: 'integration', scopes: ['personal-data'] })
  ).key;

  return {
    app: built.app,
    config,
    database,
    server,
    openApiKey,
    integrationKey,
    async close() {
      worker.shutdown();
      await running.catch(() => undefined);
      await nativeConnection.close();
      await connection.close();
      await server.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
