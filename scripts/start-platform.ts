/**
 * The whole platform in one process: one database handle (embedded PGlite in DATA_DIR/postgres, or
 * DATABASE_URL), the Temporal frontend (the embedded server, durable in DATA_DIR/temporal, or
 * TEMPORAL_ADDRESS), the case worker, and the API with Open311 — shut down in reverse order.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { buildApp } from '../api/create-app';
import { jsonLogger, type Logger } from '../api/logger';
import { rateLimit } from '../api/middleware/rate-limit.middleware';
import { listen, sweepOrphanCases } from '../api/server';
import { closeDatabase, createDatabase, type Database } from '../db';
import { startDevServer, type DevServer, type ExecutionRecordSnapshot } from '../devserver';
import { createExecutionStore } from '../devserver/persistence';
import { createNotificationChannels, type NotificationChannels } from '../notifications';
import { createOpen311Router } from '../open311';
import { createCaseWorker } from '../worker/case-worker';
import { readShippedSource, seedDemo, type DemoSeedResult } from './demo-seed';

export interface RunningPlatform {
  /** http://localhost:<port> */
  url: string;
  port: number;
  temporalAddress: string;
  embeddedTemporal: boolean;
  embeddedDatabase: boolean;
  demo?: DemoSeedResult;
  shutdown(): Promise<void>;
}

/** Runs `step`s cleanup functions newest first, even when one fails. */
async function unwind(cleanups: (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.error({ msg: 'shutdown step failed', error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** The case worker on its own connection; notification channels only when SMTP or SMS is configured. */
async function startWorker(config: AppConfig, db: Database, temporalAddress: string, cleanups: (() => Promise<void>)[]): Promise<void> {
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  cleanups.push(() => nativeConnection.close());
  const channels: NotificationChannels | undefined =
    config.smtp || config.smsProviderUrl ? createNotificationChannels(config, { ...(config.smsProviderToken ? { smsToken: config.smsProviderToken } : {}), ...(config.smsFrom ? { smsFrom: config.smsFrom } : {}) }) : undefined;
  if (channels) cleanups.push(() => channels.close());
  const worker: Worker = await createCaseWorker({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activitiesDeps: {
      db,
      publicUrl: config.publicUrl,
      ...(channels ? { notifications: { ...(channels.email ? { email: channels.email } : {}), ...(channels.sms ? { sms: channels.sms } : {}), agency: { ...config.agency } } } : {}),
    },
  });
  const running = worker.run();
  cleanups.push(async () => {
    // The SDK's runtime starts draining on SIGINT/SIGTERM by itself; shut down only if it has not.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
}

export interface StartOptions {
  /** Run the case worker in this process (default true; the compose stack runs it separately). */
  worker?: boolean;
}

export async function startPlatform(config: AppConfig, logger: Logger = jsonLogger(), options: StartOptions = {}): Promise<RunningPlatform> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // One handle for the worker and the API: PGlite allows one per directory.
    const db: Database = await createDatabase(config.database);
    cleanups.push(() => closeDatabase(db));

    let embedded: DevServer | undefined;
    let temporalAddress = config.temporal.address;
    if (!temporalAddress) {
      const persistence = await createExecutionStore<ExecutionRecordSnapshot>(config.temporal.embeddedDir);
      embedded = await startDevServer({ port: 0, host: '127.0.0.1', persistence, log: (message, error) => logger.error({ msg: message, error: error instanceof Error ? error.message : String(error ?? '') }) });
      cleanups.push(() => embedded!.close());
      temporalAddress = embedded.address;
    }

    const demo = config.seedDemoData ? await seedDemo(db, readShippedSource) : undefined;

    if (options.worker !== false) await startWorker(config, db, temporalAddress, cleanups);

    const connection = await Connection.connect({ address: temporalAddress });
    cleanups.push(() => connection.close());
    const temporalClient = new Client({ connection, namespace: config.temporal.namespace });
    await sweepOrphanCases(db, temporalClient, logger);
    const built = buildApp({ config, db, temporalClient, logger });
    // Harmless if the API mounts Open311 itself: its router answers first.
    built.app.use(
      createOpen311Router({
        db,
        cases: built.services.cases,
        clock: () => new Date(),
        config,
        middleware: [rateLimit({ perMinute: config.api.publicRateLimitPerMinute })],
        onError: (error) => logger.error({ msg: 'open311 request failed', error: error instanceof Error ? error.stack ?? error.message : String(error) }),
      }).routes(),
    );
    const server: Server = await listen(built.app, config);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;

    let stopping: Promise<void> | undefined;
    return {
      url: `http://localhost:${port}`,
      port,
      temporalAddress,
      embeddedTemporal: embedded !== undefined,
      embeddedDatabase: config.database.url === undefined,
      ...(demo ? { demo } : {}),
      shutdown: () => (stopping ??= unwind(cleanups, logger)),
    };
  } catch (error) {
    await unwind(cleanups, logger);
    throw error;
  }
}
