/** A worker script in a child process (ts-node), for the crash tests: resolves once it prints READY; `printed` waits for any other line. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildWorker {
  child: ChildProcess;
  /** Resolves when the child has printed `marker`. */
  printed(marker: string): Promise<void>;
}

export function startChildWorker(script: string, env: Record<string, string>): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const waiters: { marker: string; resolve: () => void }[] = [];
  const printed = (marker: string): Promise<void> => (output.includes(marker) ? Promise.resolve() : new Promise((resolve) => waiters.push({ marker, resolve })));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child worker exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const waiter of waiters.filter((w) => output.includes(w.marker))) waiter.resolve();
      if (output.includes('READY')) resolve({ child, printed });
    });
  });
}
