/**
 * The whole API stack for HTTP benches, in one process on loopback: a fresh Postgres database, the
 * embedded server, the real case worker, the Koa app on 127.0.0.1:0, the service-complaint process
 * published and the given staff users; `call` sends one request over a keep-alive agent.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import type { Database } from '../../db';
import { bundleCaseWorkflows } from '../../worker/case-worker';
import { AUDIT_FIGURE, verifiedAuditChains } from './audit-check';
import type { BenchFigures } from './bench-result';
import { withDatabase } from './bench-database';
import {
  BENCH_PASSWORD,
  benchConfig,
  publishShippedProcess,
  seedBenchStaff,
  SERVICE_COMPLAINT_DEPARTMENTS,
  startBenchTemporal,
  type BenchUser,
} from '../support/bench-stack';
import { httpClient, signIn, type HttpCall } from '../support/http';

export type { BenchUser };

export interface ApiBenchApp {
  db: Database;
  /** Sends one request; the body is JSON. */
  call: HttpCall;
  /** A bearer token per user name. */
  tokens: Record<string, string>;
}

/** The stack on a fresh Postgres database (dropped afterwards); its audit trail is verified once the stack has stopped. */
export async function withApiApp(
  users: readonly BenchUser[],
  use: (app: ApiBenchApp) => Promise<BenchFigures>,
): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundle = await bundleCaseWorkflows();
  return withDatabase(async (db) => {
    const figures = await runApiApp(db, bundle, users, use);
    return { ...figures, [AUDIT_FIGURE]: await verifiedAuditChains(db) };
  });
}

/**
 * The stack on a database the caller opened and closes (api.bench.ts runs it on PGlite and Postgres).
 * When it returns the worker has stopped, so nothing appends to the audit trail any more.
 */
export async function runApiApp<T>(
  db: Database,
  workflowBundle: Awaited<ReturnType<typeof bundleCaseWorkflows>>,
  users: readonly BenchUser[],
  use: (app: ApiBenchApp) => Promise<T>,
): Promise<T> {
  const temporal = await startBenchTemporal(db, { queuePrefix: 'bench-api', workflowBundle });
  let http: ReturnType<typeof httpClient> | undefined;
  let listener: Server | undefined;
  try {
    await seedBenchStaff(db, SERVICE_COMPLAINT_DEPARTMENTS, users);
    await publishShippedProcess(db, 'service-complaint');
    const { app } = buildApp({
      config: benchConfig(temporal.taskQueue),
      db,
      temporalClient: temporal.client,
      logger: silentLogger,
    });
    listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener?.once('listening', resolve));
    http = httpClient({ host: '127.0.0.1', port: (listener.address() as AddressInfo).port });
    const { call } = http;
    const tokens: Record<string, string> = {};
    for (const user of users) tokens[user.username] = await signIn(call, user.username, BENCH_PASSWORD);
    return await use({ db, call, tokens });
  } finally {
    if (listener) await new Promise((resolve) => listener?.close(resolve));
    http?.close();
    await temporal.close();
  }
}
