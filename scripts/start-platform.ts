/**
 * The whole platform in one process: one database handle (embedded PGlite in DATA_DIR/postgres, or
 * DATABASE_URL), the Temporal frontend (the embedded server on its own worker thread, durable in
 * DATABASE_URL's schema temporal_embedded or in DATA_DIR/temporal, see config/embedded-store.ts; or
 * TEMPORAL_ADDRESS), the case worker, and the web app (pages, API, Open311) — shut down in reverse order.
 */
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { jsonLogger, type Logger } from '../api/logger';
import { errorFields } from '../logging/logger';
import { metricsApp } from '../api/middleware/metrics-endpoint.middleware';
import { bind, sweepOrphanCases } from '../api/server';
import { closeDatabase, createDatabase, type Database } from '../db';
import { startServerThread, type ServerThread } from '../devserver/thread/server-thread';
import { EMBEDDED_STORE_SCHEMA } from '../config/embedded-store';
import { embeddedStoreOf } from '../worker/embedded-store-of';
import { connectWorker, type TemporalFrontend } from '../worker/temporal-connection';
import { activityDepsFromConfig } from '../worker/activity-deps';
import { createCaseWorker } from '../worker/case-worker';
import { ensureWorkerSchedules } from '../worker/periodic-work';
import { buildWebApp } from '../ui/web-app';
import { readShippedSource, seedDemo, type DemoSeedResult } from './demo-seed';
import { startInboundMail } from '../api/inbound/start-inbound-mail';

export interface RunningPlatform {
  /** http://localhost:<port> */
  url: string;
  port: number;
  temporalAddress: string;
  embeddedTemporal: boolean;
  /** Where the embedded server keeps its workflows, for people: a directory, or DATABASE_URL's schema. */
  embeddedTemporalStore?: string;
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

/** The case worker on its own connection, its activities' dependencies from the one builder worker/main.ts uses. */
async function startWorker(
  config: AppConfig,
  db: Database,
  temporalAddress: string,
  frontend: TemporalFrontend,
  cleanups: (() => Promise<void>)[],
  onFatal: (error: unknown) => void,
  logger: Logger,
): Promise<NativeConnection> {
  const nativeConnection = await connectWorker(temporalAddress, frontend);
  cleanups.push(() => nativeConnection.close());
  const activities = activityDepsFromConfig(config, db);
  cleanups.push(() => activities.close());
  const worker: Worker = await createCaseWorker({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activitiesDeps: activities.deps,
    workflowBundlePath: config.temporal.workflowBundlePath,
    workflowCacheSize: config.temporal.workflowCacheSize,
  });
  const running = worker.run();
  // A worker failing on its own leaves a platform that accepts cases nobody runs. (It also stops, without
  // an error, when the SDK drains it on SIGTERM/SIGINT: that is a shutdown, not a failure.)
  let stopping = false;
  running.then(
    () => undefined,
    (error: unknown) => {
      if (!stopping) onFatal(error);
    },
  );
  cleanups.push(async () => {
    stopping = true;
    // The SDK's runtime starts draining on SIGINT/SIGTERM by itself; shut down only if it has not.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  await ensureWorkerSchedules(nativeConnection, {
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: activities.deps,
    logger,
  });
  return nativeConnection;
}

export interface StartOptions {
  /** Run the case worker in this process (default true; the compose stack runs it separately). */
  worker?: boolean;
  /** Called when a part stops on a fatal error after start-up (the worker); `npm start` exits. */
  onFatal?: (error: unknown) => void;
}

export async function startPlatform(
  config: AppConfig,
  logger: Logger = jsonLogger(config.logLevel),
  options: StartOptions = {},
): Promise<RunningPlatform> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // The ports first: one that is taken stops the start before the database or Temporal is touched.
    const http = await bind(config);
    cleanups.push(() => http.close());
    const metricsPort = config.metrics.port;
    const metrics =
      metricsPort === undefined ? undefined : await bind({ port: metricsPort, host: config.metrics.host });
    if (metrics) cleanups.push(() => metrics.close());
    // The embedded server starts on its own thread (a second core) while the database opens here, so
    // the server and the application do not queue behind each other, at start-up or after.
    const store = config.temporal.address ? undefined : embeddedStoreOf(config);
    if (store?.notice) logger.warn({ msg: store.notice });
    const serverStarting = !store
      ? undefined
      : startServerThread(
          {
            store: store.target,
            connectTimeoutMs: config.database.connectTimeoutMs,
            port: 0,
            host: '127.0.0.1',
            ...(config.temporal.embeddedHistoryCacheMiB !== undefined && {
              historyCacheBytes: config.temporal.embeddedHistoryCacheMiB * 1024 * 1024,
            }),
          },
          {
            log: (message, error) => logger.error({ msg: message, ...errorFields(error) }),
            onFatal:
              options.onFatal ??
              ((error) => logger.error({ msg: 'embedded Temporal server stopped', ...errorFields(error) })),
          },
        );
    if (serverStarting) {
      serverStarting.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      cleanups.push(async () => (await serverStarting.catch(() => undefined))?.close());
    }
    // One handle for the worker and the API: PGlite allows one per directory.
    let db: Database;
    try {
      db = await createDatabase(config.database);
    } catch (error) {
      throw new Error(
        `the database could not be opened at start-up (${config.database.url ? 'DATABASE_URL' : config.database.embeddedDir}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    cleanups.push(() => closeDatabase(db));

    const embedded: ServerThread | undefined = await serverStarting;
    const temporalAddress = embedded?.address ?? config.temporal.address!;

    const demo = config.seedDemoData ? await seedDemo(db, readShippedSource) : undefined;

    const workerConnection =
      options.worker !== false
        ? await startWorker(
            config,
            db,
            temporalAddress,
            embedded ? 'embedded' : 'cluster',
            cleanups,
            options.onFatal ??
              ((error) =>
                logger.error({
                  msg: 'case worker stopped',
                  error: error instanceof Error ? error.message : String(error),
                })),
            logger,
          )
        : undefined;

    // With the worker in this process the API shares its connection, so case starts are eager (the
    // first workflow task comes back in the start response, one round trip less).
    let connection: Connection | NativeConnection | undefined = workerConnection;
    if (!connection) {
      const own = await Connection.connect({ address: temporalAddress });
      cleanups.push(() => own.close());
      connection = own;
    }
    const temporalClient = new Client({ connection, namespace: config.temporal.namespace });
    await sweepOrphanCases(db, temporalClient, logger);
    // The API (with Open311) and the web pages in one app (ui/web-app.ts).
    const built = buildWebApp({ config, db, temporalClient, logger });
    http.serve(built.app);
    // Cleanups run last first: on shutdown the ports close before what answers on them.
    cleanups.push(() => http.close());
    const port = (http.server.address() as AddressInfo).port;
    if (metrics) {
      metrics.serve(metricsApp(built.metrics, config.metrics.token, logger));
      cleanups.push(() => metrics.close());
      logger.info({
        msg: 'metrics listening',
        url: `http://${config.metrics.host}:${(metrics.server.address() as AddressInfo).port}/metrics`,
      });
    }
    // Email in (issue 11): the SMTP receiver and, with IMAP_URL, the mailbox poller.
    const inboundMail = await startInboundMail(config, {
      db,
      cases: built.services.cases,
      temporal: temporalClient,
      clock: built.clock,
      logger,
    });
    cleanups.push(() => inboundMail.close());

    let stopping: Promise<void> | undefined;
    return {
      url: `http://localhost:${port}`,
      port,
      temporalAddress,
      embeddedTemporal: embedded !== undefined,
      ...(store && {
        embeddedTemporalStore:
          store.place === 'database' ? `DATABASE_URL, schema ${EMBEDDED_STORE_SCHEMA}` : store.target,
      }),
      embeddedDatabase: config.database.url === undefined,
      ...(demo ? { demo } : {}),
      shutdown: () => (stopping ??= unwind(cleanups, logger)),
    };
  } catch (error) {
    await unwind(cleanups, logger);
    throw error;
  }
}
