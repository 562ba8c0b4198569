import fs from 'node:fs';
import path from 'node:path';
import { PersistenceError } from './persistence-error';

/** Lock file in a PGlite data directory: the id of the process that has it open. */
export const LOCK_FILE = 'devserver.lock';

/**
 * Takes the data directory for this process: two processes (or two stores in one) on one PGlite
 * directory would corrupt it, and PGlite does not guard against that. A lock left by a process that
 * no longer runs (kill -9) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return () => release(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new PersistenceError(`cannot lock the database directory ${dataDir}: ${(error as Error).message}`, { cause: error });
      }
      const holder = Number.parseInt(readOrEmpty(lockPath), 10);
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new PersistenceError(`the database directory ${dataDir} is in use by process ${holder} (another devserver?)`);
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new PersistenceError(`cannot lock the database directory ${dataDir}: another process keeps taking it`);
}

function release(lockPath: string): void {
  if (Number.parseInt(readOrEmpty(lockPath), 10) === process.pid) fs.rmSync(lockPath, { force: true });
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
