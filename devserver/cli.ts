// `npm run devserver -- --port 7233 [--db <postgres-url|dir>] [--time-skipping]`:
// the embedded Temporal-compatible server as a standalone process, like `temporal server start-dev`.
import { CliUsageError, formatScheduleList, parseCliOptions, USAGE, type CliOptions } from './cli-options';
import type { ExecutionStore } from './engine/execution-store';
import { startDevServer } from './start-dev-server';

async function openStore(db: string): Promise<ExecutionStore> {
  // Loaded only in durable mode: the persistence module pulls in knex and database drivers.
  const persistence = await import('./persistence');
  return persistence.createExecutionStore(db, {
    exclusive: true,
    // Another server may take the store now: stop rather than run beside it.
    onLockLost: (error) => {
      console.error(`Lost the lock on the store: ${error.message}`);
      process.exit(1);
    },
  });
}

async function main(options: CliOptions): Promise<void> {
  let persistence: ExecutionStore | undefined;
  if (options.db) persistence = await openStore(options.db);
  const server = await startDevServer({
    port: options.port,
    host: options.host,
    timeSkipping: options.timeSkipping,
    persistence,
  });
  const mode = [options.db ? 'durable' : 'in-memory', options.timeSkipping ? 'time skipping' : 'real time'].join(', ');
  console.log(`Temporal-compatible server listening on ${server.address} (namespace "default"; ${mode})`);
  if (options.listSchedules) for (const line of formatScheduleList(server.schedules.summaries())) console.log(line);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

let parsed: CliOptions;
try {
  parsed = parseCliOptions(process.argv.slice(2));
} catch (err) {
  if (err instanceof CliUsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(64);
  }
  throw err;
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
main(parsed).catch((err: unknown) => {
  console.error('devserver failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
