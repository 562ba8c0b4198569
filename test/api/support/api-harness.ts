/**
 * API test harness: a fresh Postgres database, the embedded Temporal server in-process (port 0, real
 * time), the real case worker, published shipped definitions, staff of every role in two departments,
 * and `createApp` (or, with `build`, the web app) driven through supertest (no port).
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import type Koa from 'koa';
import { loadConfig, type AppConfig } from '../../../config';
import { createApiKey, publishDefinition, saveDefinitionDraft, seedDirectory } from '../../../db';
import { createTestUser } from '../../support/test-users';
import { startDevServer, type DevServer } from '../../../devserver';
import { shippedDefinition, type ShippedDefinitionId } from '../../support/shipped-definitions';
import { createCaseWorker } from '../../../worker/case-worker';
import { connectWorker } from '../../../worker/temporal-connection';
import { buildApp, type AppDeps, type CivicFlowApp } from '../../../api/create-app';
import { silentLogger } from '../../../api/logger';
import { caseBundle, quietRuntime } from '../../case/support/case-harness';
import { createTestDatabase, type TestDatabase } from '../../db/support/test-database';

export const DEPARTMENTS = [
  'call-center',
  'sanitation',
  'community-beautification',
  'building-safety',
  'city-planning',
  'fire',
];

/** Staff by name: platform roles plus the process roles of the shipped definitions. */
export const STAFF = {
  clerk: { roles: ['staff', 'call-center-agent'], departmentId: 'call-center' },
  crew: { roles: ['staff', 'sanitation-crew-lead'], departmentId: 'sanitation' },
  supervisor: { roles: ['supervisor', 'call-center-supervisor', 'call-center-agent'], departmentId: 'call-center' },
  sanitationSupervisor: { roles: ['supervisor', 'sanitation-supervisor'], departmentId: 'sanitation' },
  manager: { roles: ['program-manager', 'service-program-manager'], departmentId: 'call-center' },
  auditor: { roles: ['records-officer'], departmentId: 'call-center' },
  admin: { roles: ['admin'], departmentId: 'call-center' },
  permitClerk: { roles: ['staff', 'permit-clerk'], departmentId: 'building-safety' },
  permitSupervisor: { roles: ['supervisor', 'plan-check-supervisor', 'permit-clerk'], departmentId: 'building-safety' },
} as const;
export type StaffName = keyof typeof STAFF;
export const PASSWORD = 'correct horse battery staple';

export interface ApiEnv {
  t: TestDatabase;
  server: DevServer;
  client: Client;
  worker: Worker;
  config: AppConfig;
  civic: CivicFlowApp;
  app: Koa;
  http: ReturnType<typeof request>;
  /** Bearer tokens by staff name. */
  tokens: Record<StaffName, string>;
  userIds: Record<StaffName, string>;
  integrationKey: string;
  close(): Promise<void>;
}

export { shippedYaml } from '../../support/shipped-definitions';

export interface ApiEnvOptions {
  env?: Record<string, string>;
  definitions?: ShippedDefinitionId[];
  /** How the app is composed: the API alone (default) or, for page tests, ui/web-app's buildWebApp. */
  build?: (deps: AppDeps) => CivicFlowApp;
  /** The app's clock (AppDeps.clock), for tests that move the app's time on instead of waiting. */
  clock?: () => Date;
}

export async function startApiEnv(options: ApiEnvOptions = {}): Promise<ApiEnv> {
  quietRuntime();
  const t = await createTestDatabase();
  const server = await startDevServer({ port: 0 });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const nativeConnection = await connectWorker(server.address, 'embedded');
  const taskQueue = `api-${randomUUID().slice(0, 8)}`;
  const worker = await createCaseWorker({
    connection: nativeConnection,
    taskQueue,
    activitiesDeps: { db: t.db },
    workflowBundle: await caseBundle(),
    worker: { reuseV8Context: true, maxCachedWorkflows: 200 },
  });
  const running = worker.run();

  const config = loadConfig({
    NODE_ENV: 'test',
    TASK_QUEUE: taskQueue,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    DOCUMENT_STORAGE: 'db',
    DOCUMENT_MAX_BYTES: '65536',
    API_BODY_LIMIT_BYTES: '16384',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    ...options.env,
  });

  await seedDirectory(t.db, { departments: DEPARTMENTS.map((id) => ({ id, name: id })) });
  const userIds = {} as Record<StaffName, string>;
  for (const [name, spec] of Object.entries(STAFF) as [StaffName, (typeof STAFF)[StaffName]][]) {
    const user = await createTestUser(t.db, {
      username: name,
      displayName: name,
      password: PASSWORD,
      roles: [...spec.roles],
      departmentId: spec.departmentId,
    });
    userIds[name] = user.id;
  }
  for (const id of options.definitions ?? ['service-complaint', 'building-permit']) {
    const c = shippedDefinition(id);
    await saveDefinitionDraft(t.db, {
      id: c.id,
      version: c.version,
      title: c.title,
      contentHash: c.hash,
      yamlSource: '# shipped\n',
      compiled: c,
      createdBy: 'test',
    });
    await publishDefinition(t.db, { id: c.id, version: c.version, publishedBy: 'test' });
  }
  const { key: integrationKey } = await createApiKey(t.db, {
    name: 'integration',
    ownerKind: 'integration',
    departmentId: 'call-center',
    scopes: ['cases:create', 'cases:read'],
  });

  const civic = (options.build ?? buildApp)({
    config,
    db: t.db,
    temporalClient: client,
    logger: silentLogger,
    clock: options.clock,
  });
  const http = request(civic.app.callback());
  const tokens = {} as Record<StaffName, string>;
  for (const name of Object.keys(STAFF) as StaffName[]) {
    const response = await http.post('/api/v1/auth/login').send({ username: name, password: PASSWORD });
    if (response.status !== 200) throw new Error(`login ${name}: ${response.status} ${JSON.stringify(response.body)}`);
    tokens[name] = (response.body as { token: string }).token;
  }

  return {
    t,
    server,
    client,
    worker,
    config,
    civic,
    app: civic.app,
    http,
    tokens,
    userIds,
    integrationKey,
    async close() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await server.close();
      await t.drop();
    },
  };
}

export const SERVICE_COMPLAINT = {
  category: 'bulky-items',
  channel: 'call',
  description: 'Old sofa and mattress on the kerb',
  address: '16815 W Vanowen St, 91406',
  residentName: 'Ana Residente',
  residentEmail: 'ana@example.org',
};

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
