/**
 * The case worker process. Connects to TEMPORAL_ADDRESS when set; otherwise starts the embedded
 * Temporal-compatible server in this process (durable, in TEMPORAL_DATA_DIR, default DATA_DIR/temporal).
 * Activities get their dependencies from the one builder `npm start` uses too (activity-deps.ts).
 * Shuts down gracefully on SIGTERM/SIGINT: stops polling, lets running tasks finish, then closes the
 * channels, the server and the database. Logs are structured (pino) at LOG_LEVEL.
 */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, type AppConfig } from '../config';
import { closeDatabase, createDatabase } from '../db';
import { startDevServer, type DevServer } from '../devserver';
import { createExecutionStore } from '../devserver/persistence';
import type { ExecutionRecordSnapshot } from '../devserver';
import { createLogger, errorFields, silentLogger, type Logger } from '../logging/logger';
import { activityDepsFromConfig } from './activity-deps';
import { createCaseWorker } from './case-worker';
import { installSdkLogging } from './sdk-logging';

export interface RunningWorker {
  address: string;
  embedded?: DevServer;
  shutdown(): Promise<void>;
}

export async function startWorkerProcess(config: AppConfig, logger: Logger = silentLogger): Promise<RunningWorker> {
  const db = await createDatabase(config.database);
  let embedded: DevServer | undefined;
  let address = config.temporal.address;
  if (!address) {
    const persistence = await createExecutionStore<ExecutionRecordSnapshot>(config.temporal.embeddedDir);
    embedded = await startDevServer({ port: 0, persistence, log: (message, error) => logger.error({ msg: message, ...errorFields(error) }) });
    address = embedded.address;
  }
  const connection = await NativeConnection.connect({ address });
  const activities = activityDepsFromConfig(config, db);
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activitiesDeps: activities.deps,
  });
  const running = worker.run();
  running.catch((error: unknown) => logger.error({ msg: 'case worker stopped with an error', ...errorFields(error) }));
  let stopping: Promise<void> | undefined;
  return {
    address,
    ...(embedded ? { embedded } : {}),
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

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installSdkLogging(config.logLevel, logger);
  const running = await startWorkerProcess(config, logger);
  logger.info({ msg: 'case worker polling', taskQueue: config.temporal.taskQueue, address: running.address, embeddedServer: running.embedded !== undefined });
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
