/** The API logs with the process's structured logger (logging/); kept here so api/ imports stay local. */
import { createLogger, type Logger } from '../logging/logger';

export { silentLogger, type Logger } from '../logging/logger';

/** A JSON logger at `level` (the process passes AppConfig.logLevel). */
export function jsonLogger(level: Parameters<typeof createLogger>[0] = 'info'): Logger {
  return createLogger(level);
}
