/**
 * The Temporal SDK's own log (worker state, task failures, core messages) into the process's
 * structured logger at LOG_LEVEL, instead of the SDK's console default. Install once per process.
 */
import { DefaultLogger, Runtime, type LogEntry, type LogLevel as SdkLogLevel } from '@temporalio/worker';
import type { LogLevel } from '../config';
import type { Logger } from '../logging/logger';

const SDK_LEVEL: Record<LogLevel, SdkLogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

export function installSdkLogging(level: LogLevel, logger: Logger): void {
  const forward = (entry: LogEntry): void => {
    const record = { msg: entry.message, source: 'temporal-sdk', ...entry.meta };
    if (entry.level === 'ERROR') logger.error(record);
    else if (entry.level === 'WARN') logger.warn(record);
    else if (entry.level === 'INFO') logger.info(record);
    else logger.debug?.(record);
  };
  Runtime.install({ logger: new DefaultLogger(SDK_LEVEL[level], forward) });
}
