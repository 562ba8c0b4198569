// Messages between the server thread and its host (structured-clone safe: plain data only).

export interface ServerThreadOptions {
  /** createExecutionStore target: a PGlite directory, a postgres:// URL, or '' for memory. */
  store: string;
  port: number;
  host: string;
  /** startDevServer's historyCacheBytes (default there). */
  historyCacheBytes?: number;
  /** A Postgres store: how long opening a connection may take (createExecutionStore's default when absent). */
  connectTimeoutMs?: number;
}

export type ServerThreadRequest = { type: 'close' };

export interface ErrorInfo {
  message: string;
  stack?: string;
}

export type ServerThreadMessage =
  | { type: 'ready'; address: string }
  | { type: 'log'; message: string; error?: ErrorInfo }
  | { type: 'failed'; error: ErrorInfo };

export function errorInfo(error: unknown): ErrorInfo {
  return error instanceof Error
    ? { message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
    : { message: String(error) };
}
