// Worker-thread entry of server-thread.ts: opens the store, starts the server, reports its address,
// and closes both when the host asks. Any failure is reported to the host, which decides what to do.
import { parentPort, workerData } from 'node:worker_threads';
import { startDevServer, type DevServer } from '../start-dev-server';
import type { ExecutionRecordSnapshot } from '../engine/execution-store';
import { createExecutionStore } from '../persistence';
import {
  errorInfo,
  type ServerThreadMessage,
  type ServerThreadOptions,
  type ServerThreadRequest,
} from './server-thread-protocol';

const port = parentPort!;
const options = workerData as ServerThreadOptions;
const send = (msg: ServerThreadMessage): void => port.postMessage(msg);

function failed(error: unknown): void {
  send({ type: 'failed', error: errorInfo(error) });
}
process.on('unhandledRejection', failed);
process.on('uncaughtException', failed);

async function main(): Promise<void> {
  // A lost store lock means another server may take the store: this one must stop (the host's onFatal).
  const persistence = await createExecutionStore<ExecutionRecordSnapshot>(options.store, {
    exclusive: true,
    ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    onLockLost: failed,
  });
  let server: DevServer;
  try {
    server = await startDevServer({
      port: options.port,
      host: options.host,
      persistence,
      historyCacheBytes: options.historyCacheBytes,
      log: (message, error) =>
        send({ type: 'log', message, ...(error === undefined ? {} : { error: errorInfo(error) }) }),
    });
  } catch (error) {
    await persistence.close().catch(() => undefined);
    throw error;
  }
  port.on('message', (msg: ServerThreadRequest) => {
    if (msg.type !== 'close') return;
    // Ends the thread once closed (a library's idle handle must not keep it, or the host, waiting).
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        failed(error);
        process.exit(1);
      },
    );
  });
  send({ type: 'ready', address: server.address });
}

main().catch(failed);
