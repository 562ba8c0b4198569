// The embedded server (and its store) on a worker thread, so it and the application that uses it
// each get a core instead of queueing behind each other on one event loop.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  ErrorInfo,
  ServerThreadRequest,
  ServerThreadMessage,
  ServerThreadOptions,
} from './server-thread-protocol';

export type { ServerThreadOptions } from './server-thread-protocol';

export interface ServerThread {
  address: string;
  /** Closes the server and its store, then ends the thread. */
  close(): Promise<void>;
}

export interface ServerThreadHooks {
  log?: (message: string, error?: Error) => void;
  /** The thread failed after start-up (an uncaught error, or it ended without being closed). */
  onFatal?: (error: Error) => void;
}

// Same extension as this module: .ts under ts-node (the thread inherits `-r ts-node/register`), .js when built.
const ENTRY = path.join(__dirname, `server-thread-entry${path.extname(__filename)}`);

export function startServerThread(options: ServerThreadOptions, hooks: ServerThreadHooks = {}): Promise<ServerThread> {
  const worker = new Worker(ENTRY, { workerData: options });
  let closing: Promise<void> | undefined;
  let started = false;
  return new Promise<ServerThread>((resolve, reject) => {
    const fail = (error: Error): void => {
      if (closing) return;
      if (started) hooks.onFatal?.(error);
      else reject(error);
    };
    worker.on('message', (msg: ServerThreadMessage) => {
      if (msg.type === 'log') hooks.log?.(msg.message, msg.error && toError(msg.error));
      else if (msg.type === 'failed') fail(toError(msg.error));
      else if (msg.type === 'ready') {
        started = true;
        resolve({
          address: msg.address,
          close: () =>
            (closing ??= new Promise<void>((done) => {
              worker.once('exit', () => done());
              worker.postMessage({ type: 'close' } satisfies ServerThreadRequest);
            })),
        });
      }
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`the embedded Temporal server thread ended (exit code ${code})`)));
  });
}

function toError(info: ErrorInfo): Error {
  const error = new Error(info.message);
  if (info.stack) error.stack = info.stack;
  return error;
}
