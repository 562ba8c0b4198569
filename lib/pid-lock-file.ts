/**
 * A lock file holding the owner's process id: taken with an exclusive create, taken over when the
 * process it names no longer runs (kill -9). Used for the embedded database and the devserver's
 * PGlite directory, neither of which guards itself against a second opener.
 */
import fs from 'node:fs';

export type PidLockResult = { readonly release: () => void } | { readonly holder: number | undefined };

export interface PidLockOptions {
  /** A lock naming this very process is stale (it comes from an earlier life of a reused pid): the caller tracks its own opens. */
  readonly ownPidIsStale?: boolean;
}

/** The release function, or the running process that holds the lock (undefined: it kept being re-taken). */
export function takePidLockFile(file: string, options: PidLockOptions = {}): PidLockResult {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => release(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readOrEmpty(file), 10);
      const own = holder === process.pid && options.ownPidIsStale === true;
      if (Number.isInteger(holder) && holder > 0 && !own && isRunning(holder)) return { holder };
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  return { holder: undefined };
}

function release(file: string): void {
  if (Number.parseInt(readOrEmpty(file), 10) === process.pid) fs.rmSync(file, { force: true });
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
