import path from 'node:path';
import { takePidLockFile } from '../../lib/pid-lock-file';
import { PersistenceError } from './persistence-error';

/** Lock file in a PGlite data directory: the id of the process that has it open. */
export const LOCK_FILE = 'devserver.lock';

/**
 * Takes the data directory for this process: two processes (or two stores in one) on one PGlite
 * directory would corrupt it, and PGlite does not guard against that. A lock left by a process that
 * no longer runs (kill -9) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  let lock;
  try {
    lock = takePidLockFile(path.join(dataDir, LOCK_FILE));
  } catch (error) {
    throw new PersistenceError(`cannot lock the database directory ${dataDir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if ('release' in lock) return lock.release;
  if (lock.holder === undefined)
    throw new PersistenceError(`cannot lock the database directory ${dataDir}: another process keeps taking it`);
  throw new PersistenceError(
    `the database directory ${dataDir} is in use by process ${lock.holder} (another devserver?)`,
  );
}
