/**
 * The case worker process. Connects to TEMPORAL_ADDRESS when set; otherwise starts the embedded
 * Temporal-compatible server in this process (durable, in TEMPORAL_DATA_DIR, default DATA_DIR/temporal). Shuts down gracefully
 * on SIGTERM/SIGINT: stops polling, lets running tasks finish, then closes the server and database.
 */
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

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startWorkerProcess(config);
  console.log(`case worker polling ${config.temporal.taskQueue} on ${running.address}${running.embedded ? ' (embedded server)' : ''}`);
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
