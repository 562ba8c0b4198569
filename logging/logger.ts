/**
 * Structured JSON logs (pino), one line per record, at the configured LOG_LEVEL. Every process (API,
 * worker, `npm start`) builds one from its AppConfig; a test passes `silentLogger`.
 */
import pino from 'pino';
import type { LogLevel } from '../config/app-config';

/** What the code base logs with: a record whose `msg` says what happened. */
export interface Logger {
  /** Optional so a test's recording logger need not have it. */
  debug?(record: Record<string, unknown>): void;
  info(record: Record<string, unknown>): void;
  warn(record: Record<string, unknown>): void;
  error(record: Record<string, unknown>): void;
  /** The process is about to exit on this error (pino's `fatal`). */
  fatal?(record: Record<string, unknown>): void;
}

/** `destination` defaults to stdout; tests pass a stream to read what was written. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"warn" rather than pino's numbers: readable by people and by any log shipper.
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** An error as log fields: message and stack, never an empty object. */
export function errorFields(error: unknown): { error: string; stack?: string } {
  if (error instanceof Error)
    return error.stack ? { error: error.message, stack: error.stack } : { error: error.message };
  return { error: String(error) };
}

const ignore = (): void => undefined;
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
