/**
 * The case worker process. Connects to TEMPORAL_ADDRESS when set; otherwise starts the embedded
 * Temporal-compatible server in this process (durable: in DATABASE_URL's schema temporal_embedded, or in
 * TEMPORAL_DATA_DIR, default DATA_DIR/temporal; config/embedded-store.ts).
 * Activities get their dependencies from the one builder `npm start` uses too (activity-deps.ts).
 * Shuts down gracefully on SIGTERM/SIGINT: stops polling, lets running tasks finish, then closes the
 * channels, the server and the database. Logs are structured (pino) at LOG_LEVEL.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig, type AppConfig } from '../config';
import { closeDatabase, createDatabase } from '../db';
import { startDevServer, type DevServer } from '../devserver';
import { createExecutionStore } from '../devserver/persistence';
import type { ExecutionRecordSnapshot } from '../devserver';
import { createLogger, errorFields, silentLogger, type Logger } from '../logging/logger';
import { activityDepsFromConfig } from './activity-deps';
import { createCaseWorker } from './case-worker';
import { embeddedStoreOf } from './embedded-store-of';
import { connectWorker } from './temporal-connection';
import { installSdkLogging } from './sdk-logging';
import { ensureWorkerSchedules } from './periodic-work';

export interface RunningWorker {
  address: string;
  embedded?: DevServer;
  /** Settles when the worker stops; rejects when it stopped on a fatal error. */
  stopped: Promise<void>;
  /** True while the worker polls its task queue. */
  polling(): boolean;
  shutdown(): Promise<void>;
}

/** The embedded server on its store (config/embedded-store.ts); the store is closed again if the server does not start. */
async function startEmbeddedServer(
  config: AppConfig,
  logger: Logger,
  onLockLost: (error: Error) => void,
): Promise<DevServer> {
  const store = embeddedStoreOf(config);
  if (store.notice) logger.warn({ msg: store.notice });
  const persistence = await createExecutionStore<ExecutionRecordSnapshot>(store.target, {
    exclusive: true,
    connectTimeoutMs: config.database.connectTimeoutMs,
    onLockLost,
  });
  try {
    return await startDevServer({
      port: 0,
      persistence,
      log: (message, error) => logger.error({ msg: message, ...errorFields(error) }),
    });
  } catch (error) {
    await persistence.close().catch(() => undefined);
    throw error;
  }
}

export async function startWorkerProcess(config: AppConfig, logger: Logger = silentLogger): Promise<RunningWorker> {
  const db = await createDatabase(config.database);
  let embedded: DevServer | undefined;
  let address = config.temporal.address;
  // A lost store lock is fatal, as a worker that stopped is: `stopped` rejects with it.
  let lockLost: (error: Error) => void = () => undefined;
  const lost = new Promise<never>((_, reject) => (lockLost = reject));
  lost.catch(() => undefined);
  if (!address) {
    try {
      embedded = await startEmbeddedServer(config, logger, (error) => lockLost(error));
    } catch (error) {
      await closeDatabase(db).catch(() => undefined);
      throw error;
    }
    address = embedded.address;
  }
  const connection = await connectWorker(address, embedded ? 'embedded' : 'cluster');
  const activities = activityDepsFromConfig(config, db);
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activitiesDeps: activities.deps,
    workflowBundlePath: config.temporal.workflowBundlePath,
    workflowCacheSize: config.temporal.workflowCacheSize,
  });
  const running = worker.run();
  running.catch((error: unknown) => logger.error({ msg: 'case worker stopped with an error', ...errorFields(error) }));
  await ensureWorkerSchedules(connection, {
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: activities.deps,
    logger,
  });
  let stopping: Promise<void> | undefined;
  return {
    address,
    ...(embedded ? { embedded } : {}),
    stopped: Promise.race([running, lost]),
    polling: () => worker.getState() === 'RUNNING',
    shutdown: () =>
      (stopping ??= (async () => {
        // The SDK starts draining on SIGINT/SIGTERM by itself; shut down only if it has not.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await activities.close();
        await connection.close();
        await embedded?.close();
        await closeDatabase(db);
      })()),
  };
}

/** `--health-file <path>`: touched every 10 s while the worker polls (the compose health check reads it). */
function healthFileArgument(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--health-file');
  return at >= 0 ? argv[at + 1] : undefined;
}

function beat(file: string, running: RunningWorker): NodeJS.Timeout {
  const touch = () => {
    if (running.polling()) writeFileSync(file, new Date().toISOString());
  };
  touch();
  const timer = setInterval(touch, 10_000);
  timer.unref();
  return timer;
}
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installSdkLogging(config.logLevel, logger);
  const running = await startWorkerProcess(config, logger);
  logger.info({
    msg: 'case worker polling',
    taskQueue: config.temporal.taskQueue,
    address: running.address,
    embeddedServer: running.embedded !== undefined,
  });
  const healthFile = healthFileArgument(process.argv);
  if (healthFile) beat(healthFile, running);
  // A worker that stopped on its own is fatal: exit non-zero so the supervisor restarts it, never idle on.
  running.stopped.then(
    () => undefined,
    (error: unknown) => {
      const record = { msg: 'case worker stopped on a fatal error; exiting', ...errorFields(error) };
      if (logger.fatal) logger.fatal(record);
      else logger.error(record);
      process.exit(1);
    },
  );
  const stop = (signal: string) => {
    logger.info({ msg: 'shutting down the case worker', signal });
    running.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ msg: 'case worker shutdown failed', ...errorFields(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // Before the configuration is read there is no level to honour: a start-up failure always shows.
    createLogger('error').error({ msg: 'case worker failed to start', ...errorFields(error) });
    process.exit(1);
  });
}
