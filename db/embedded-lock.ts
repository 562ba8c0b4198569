/**
 * PGlite has no postmaster: two PGlite instances on one directory corrupt it. A lock file with the
 * owner's pid guards the directory across processes, a set guards it within this process. A lock
 * left by a process that no longer runs is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const openInThisProcess = new Set<string>();
const LOCK_FILE = 'civicflow.lock';

export class EmbeddedDatabaseLockedError extends Error {
  readonly code = 'EMBEDDED_DATABASE_LOCKED' as const;
  constructor(dir: string, holder: string) {
    super(`the embedded database in ${dir} is already open (${holder}); share one handle, or set DATABASE_URL to use a Postgres server`);
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock; returns the function that releases it. */
export function lockEmbeddedDirectory(dir: string): () => void {
  const resolved = path.resolve(dir);
  if (openInThisProcess.has(resolved)) throw new EmbeddedDatabaseLockedError(resolved, 'in this process');
  const file = path.join(resolved, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      openInThisProcess.add(resolved);
      return () => {
        openInThisProcess.delete(resolved);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(file, 'utf8').trim());
      } catch {
        // Removed meanwhile: try again.
      }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new EmbeddedDatabaseLockedError(resolved, `by process ${holder}; if no CivicFlow process runs, delete ${file}`);
      }
      // Stale lock from a process that is gone (or from this pid in an earlier life): take it over.
      rmSync(file, { force: true });
    }
  }
  throw new EmbeddedDatabaseLockedError(resolved, 'lock file could not be taken');
}
