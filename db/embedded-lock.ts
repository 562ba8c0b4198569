/**
 * PGlite has no postmaster: two PGlite instances on one directory corrupt it. A lock file with the
 * owner's pid guards the directory across processes, a set guards it within this process. A lock
 * left by a process that no longer runs is taken over.
 */
import * as path from 'node:path';
import { takePidLockFile } from '../lib/pid-lock-file';

const openInThisProcess = new Set<string>();
const LOCK_FILE = 'civicflow.lock';

export class EmbeddedDatabaseLockedError extends Error {
  readonly code = 'EMBEDDED_DATABASE_LOCKED' as const;
  constructor(dir: string, holder: string) {
    super(
      `the embedded database in ${dir} is already open (${holder}); share one handle, or set DATABASE_URL to use a Postgres server`,
    );
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

/** Takes the directory's lock; returns the function that releases it. */
export function lockEmbeddedDirectory(dir: string): () => void {
  const resolved = path.resolve(dir);
  if (openInThisProcess.has(resolved)) throw new EmbeddedDatabaseLockedError(resolved, 'in this process');
  const file = path.join(resolved, LOCK_FILE);
  // This process's own opens are in the set, so a lock file naming our pid is from an earlier life.
  const lock = takePidLockFile(file, { ownPidIsStale: true });
  if ('holder' in lock) {
    throw new EmbeddedDatabaseLockedError(
      resolved,
      lock.holder === undefined
        ? 'lock file could not be taken'
        : `by process ${lock.holder}; if no CivicFlow process runs, delete ${file}`,
    );
  }
  openInThisProcess.add(resolved);
  return () => {
    openInThisProcess.delete(resolved);
    lock.release();
  };
}
