/**
 * The case worker process. Connects to TEMPORAL_ADDRESS when set; otherwise starts the embedded
 * Temporal-compatible server in this process (durable, in TEMPORAL_DATA_DIR, default DATA_DIR/temporal). Shuts down gracefully
 * on SIGTERM/SIGINT: stops polling, lets running tasks finish, then closes the server and database.
 */
import { writeFileSync } from 'node:fs';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, type AppConfig } from '../config';
import { closeDatabase, createDatabase } from '../db';
import { startDevServer, type DevServer } from '../devserver';
import { createExecutionStore } from '../devserver/persistence';
import type { ExecutionRecordSnapshot } from '../devserver';
import { createHttpSmsProvider, createSmtpEmailSender } from '../notifications';
import type { ActivitiesDeps } from '../activities/create-activities';
import { createCaseWorker } from './case-worker';

export interface RunningWorker {
  address: string;
  embedded?: DevServer;
  /** Settles when the worker stops; rejects when it stopped on a fatal error. */
  stopped: Promise<void>;
  /** True while the worker polls its task queue. */
  polling(): boolean;
  shutdown(): Promise<void>;
}

export async function startWorkerProcess(config: AppConfig): Promise<RunningWorker> {
  const db = await createDatabase(config.database);
  let embedded: DevServer | undefined;
  let address = config.temporal.address;
  if (!address) {
    const persistence = await createExecutionStore<ExecutionRecordSnapshot>(config.temporal.embeddedDir);
    embedded = await startDevServer({ port: 0, persistence });
    address = embedded.address;
  }
  const connection = await NativeConnection.connect({ address });
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activitiesDeps: activitiesDeps(config, db),
  });
  const running = worker.run();
  running.catch((error: unknown) => console.error('case worker stopped with an error', error));
  let stopping: Promise<void> | undefined;
  return {
    address,
    ...(embedded ? { embedded } : {}),
    stopped: running,
    polling: () => worker.getState() === 'RUNNING',
    shutdown: () =>
      (stopping ??= (async () => {
        worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
        await embedded?.close();
        await closeDatabase(db);
      })()),
  };
}

/** Channels from the configuration; without SMTP or an SMS gateway, notices wait in the outbox. */
function activitiesDeps(config: AppConfig, db: ActivitiesDeps['db']): ActivitiesDeps {
  const email = config.smtp ? createSmtpEmailSender({ smtp: config.smtp, from: config.mailFrom }) : undefined;
  const sms = config.smsProviderUrl ? createHttpSmsProvider({ url: config.smsProviderUrl }) : undefined;
  return {
    db,
    publicUrl: config.publicUrl,
    ...(email || sms ? { notifications: { ...(email ? { email } : {}), ...(sms ? { sms } : {}), agency: { name: 'CivicFlow', website: config.publicUrl } } } : {}),
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
  const running = await startWorkerProcess(config);
  console.log(`case worker polling ${config.temporal.taskQueue} on ${running.address}${running.embedded ? ' (embedded server)' : ''}`);
  const healthFile = healthFileArgument(process.argv);
  if (healthFile) beat(healthFile, running);
  // A worker that stopped on its own is fatal: exit non-zero so the supervisor restarts it, never idle on.
  running.stopped.then(
    () => undefined,
    (error: unknown) => {
      console.error(JSON.stringify({ level: 'fatal', msg: 'case worker stopped on a fatal error; exiting', error: error instanceof Error ? error.message : String(error) }));
      process.exit(1);
    },
  );
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down the case worker`);
    running.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
