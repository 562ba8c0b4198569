/**
 * The set-up the in-process HTTP benches share: the embedded server with a client (and the real case
 * worker when given a bundle), staff users, a shipped process published, and the app's configuration.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../../config';
import { createUser, publishDefinition, saveDefinitionDraft, seedDirectory, type Database } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import { startDevServer } from '../../devserver';
import { startServerThread } from '../../devserver/thread/server-thread';
import { loadDefinitionFileSync } from '../../process-definitions/loader';
import { createCaseWorker, type bundleCaseWorkflows } from '../../worker/case-worker';
import { connectWorker } from '../../worker/temporal-connection';

/** Every bench user signs in with it. */
export const BENCH_PASSWORD = 'bench-password';

export interface BenchUser {
  username: string;
  roles: string[];
  departmentId: string;
}

/** The departments the service-complaint process routes to. */
export const SERVICE_COMPLAINT_DEPARTMENTS = [
  { id: 'call-center', name: 'Call center' },
  { id: 'sanitation', name: 'Sanitation' },
] as const;

export interface BenchTemporal {
  client: Client;
  taskQueue: string;
  /** Stops the worker (when one runs), then the connections and the server. */
  close(): Promise<void>;
}

/**
 * BENCH_API_SERVER_THREAD=1: the server (in memory) on its own worker thread, as `npm start` runs it.
 * Off by default: on the shared 2-core machine it cost ~7 ms CPU per lifecycle and gained no rate.
 */
const SERVER_THREAD = process.env.BENCH_API_SERVER_THREAD === '1';

/** The embedded server (in memory) on a free port, in this thread or on its own (BENCH_API_SERVER_THREAD). */
export function startBenchServer(): Promise<{ address: string; close(): Promise<void> }> {
  return SERVER_THREAD ? startServerThread({ store: '', port: 0, host: '127.0.0.1' }) : startDevServer({ port: 0 });
}

/**
 * The embedded server on a free port and a client on a fresh task queue; with `workflowBundle`, the
 * real case worker runs on that queue against `db`.
 */
export async function startBenchTemporal(
  db: Database,
  options: {
    queuePrefix: string;
    workflowBundle?: Awaited<ReturnType<typeof bundleCaseWorkflows>>;
    maxCachedWorkflows?: number;
  },
): Promise<BenchTemporal> {
  const server = await startBenchServer();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const taskQueue = `${options.queuePrefix}-${randomUUID().slice(0, 8)}`;
  let stopWorker = async (): Promise<void> => {};
  if (options.workflowBundle) {
    const native = await connectWorker(server.address, 'embedded');
    const worker = await createCaseWorker({
      connection: native,
      taskQueue,
      activitiesDeps: { db },
      workflowBundle: options.workflowBundle,
      worker: { maxCachedWorkflows: options.maxCachedWorkflows ?? 2000 },
    });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
      await native.close();
    };
  }
  return {
    client,
    taskQueue,
    close: async () => {
      await stopWorker();
      await connection.close();
      await server.close();
    },
  };
}

/** The departments, and the users with BENCH_PASSWORD. */
export async function seedBenchStaff(
  db: Database,
  departments: readonly { id: string; name: string }[],
  users: readonly BenchUser[],
): Promise<void> {
  await seedDirectory(db, { departments: [...departments] });
  for (const user of users)
    await createUser(db, {
      username: user.username,
      displayName: user.username,
      password: BENCH_PASSWORD,
      roles: user.roles,
      departmentId: user.departmentId,
    });
}

/** A 311 bulky-items request (service-complaint's case data) the benches file again and again. */
export const BULKY_ITEMS_REQUEST = {
  category: 'bulky-items',
  channel: 'call',
  description: 'Old sofa on the kerb',
  address: '16815 W Vanowen St, 91406',
  residentName: 'Ana Residente',
  residentEmail: 'ana@example.org',
};

/** A shipped process compiled from its YAML. */
export function compileShippedProcess(id: 'service-complaint' | 'building-permit'): CompiledDefinition {
  const compiled = loadDefinitionFileSync(
    path.join(__dirname, '..', '..', 'process-definitions', `${id}.yaml`),
  ).compiled;
  if (!compiled) throw new Error(`${id} does not compile`);
  return compiled;
}

/** A shipped process compiled, saved and published as the bench's only version. */
export async function publishShippedProcess(
  db: Database,
  id: 'service-complaint' | 'building-permit',
): Promise<CompiledDefinition> {
  const compiled = compileShippedProcess(id);
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
  return compiled;
}

/** The app's configuration for a bench (documents in the database, a fixed test secret). */
export function benchConfig(taskQueue?: string): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    ...(taskQueue ? { TASK_QUEUE: taskQueue } : {}),
    JWT_SECRET: 'bench-secret-0123456789-0123456789-0123456789',
    DOCUMENT_STORAGE: 'db',
  });
}
