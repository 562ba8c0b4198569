/**
 * The real `npm start` entry (scripts/start.ts under ts-node and the environment package.json sets) as a child
 * process with its own data directory: the embedded Temporal server, PGlite (or DATABASE_URL), the
 * worker and the web app in one process, exactly as an operator runs it. The bench reads its banner
 * for the URL, waits for /readyz, measures the whole process tree's RSS from /proc, and asks Node for
 * a diagnostic report (SIGWINCH: the Temporal runtime shuts the worker down on SIGUSR2) to read each thread's JavaScript heap.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { reportProgress } from '../lib/progress';
import { httpClient } from './http';

interface ThreadReport {
  header?: { threadId?: number };
  javascriptHeap?: { usedMemory?: number };
}

const ROOT = path.resolve(__dirname, '..', '..');

/** The malloc arena limit package.json's start script sets unless the shell already does. */
function startScriptArenaMax(): string | undefined {
  const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return /MALLOC_ARENA_MAX=\$\{MALLOC_ARENA_MAX:-(\d+)\}/.exec(packageJson.scripts.start ?? '')?.[1];
}

export interface PlatformOptions {
  dataDir: string;
  /** External Postgres for the application database; absent: embedded PGlite in dataDir (the default). */
  databaseUrl?: string;
  /** How long start-up may take before the bench gives up. */
  limitMs?: number;
}

export interface HeapUse {
  mainBytes: number;
  /** By thread id: the embedded server's thread starts first, then the SDK's workflow thread. */
  workerThreads: { threadId: number; bytes: number }[];
}

export interface PlatformProcess {
  pid: number;
  port: number;
  /** Milliseconds from spawn until /readyz answered 200 (database and Temporal reachable). */
  readyAfterMs: number;
  /** Resident memory of the process and every descendant, in bytes. */
  rssBytes(): number;
  /**
   * Used JavaScript heap from a diagnostic report, in bytes (undefined if none came): the main thread's and
   * each worker thread's (the embedded server's, the SDK's workflow thread), which the report does not name.
   */
  heapUsed(): Promise<HeapUse | undefined>;
  /** SIGTERM (clean shutdown) or SIGKILL (a crash); resolves when the process is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** The last lines it wrote, for error messages. */
  tail(): string;
}

/** Kilobytes of VmRSS in /proc/<pid>/status (0 when gone). */
function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** `pid` and its descendants, from the parent ids in /proc/<n>/stat. */
function processTree(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  return tree;
}

export async function startPlatformProcess(options: PlatformOptions): Promise<PlatformProcess> {
  const reportDir = path.join(options.dataDir, 'bench-reports');
  fs.mkdirSync(reportDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: options.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    INBOUND_SMTP_PORT: 'off',
  };
  const arenaMax = process.env.MALLOC_ARENA_MAX ?? startScriptArenaMax();
  if (arenaMax !== undefined) env.MALLOC_ARENA_MAX = arenaMax;
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  delete env.NODE_OPTIONS;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--report-on-signal',
      '--report-signal=SIGWINCH',
      `--report-directory=${reportDir}`,
      '--report-compact',
      // For profiling a run, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles".
      ...(process.env.BENCH_PLATFORM_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
      '-r',
      'ts-node/register/transpile-only',
      'scripts/start.ts',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  // A bench that fails or exits early must not leave the platform running behind it.
  const killOnExit = (): void => {
    if (!gone) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const tail = (): string => lines.slice(-20).join('\n');

  const limitMs = options.limitMs ?? 10 * 60_000;
  let port: number | undefined;
  for (;;) {
    if (gone) throw new Error(`npm start exited during start-up:\n${tail()}`);
    if (performance.now() - spawnedAt > limitMs) {
      child.kill('SIGKILL');
      throw new Error(`npm start did not answer within ${limitMs / 1000} s:\n${tail()}`);
    }
    if (port === undefined) {
      const announced = lines
        .map((line) => /CivicFlow is running at http:\/\/localhost:(\d+)/.exec(line))
        .find((m) => m !== null);
      if (announced) port = Number(announced[1]);
    }
    if (port !== undefined) {
      const http = httpClient({ host: '127.0.0.1', port }, 1);
      const ready = await http.call('GET', '/readyz').then(
        (answer) => answer.status === 200,
        () => false,
      );
      http.close();
      if (ready) break;
    }
    reportProgress('waiting for npm start to answer');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const readyAfterMs = performance.now() - spawnedAt;
  const pid = child.pid as number;
  return {
    pid,
    port,
    readyAfterMs,
    rssBytes: () => processTree(pid).reduce((sum, member) => sum + rssKiB(member), 0) * 1024,
    heapUsed: async () => {
      const before = new Set(fs.readdirSync(reportDir));
      child.kill('SIGWINCH');
      for (let i = 0; i < 600; i++) {
        const fresh = fs.readdirSync(reportDir).find((file) => !before.has(file) && file.endsWith('.json'));
        if (fresh) {
          // The report is written in one go, but give it a moment to be complete before parsing.
          await new Promise((resolve) => setTimeout(resolve, 200));
          try {
            const report = JSON.parse(fs.readFileSync(path.join(reportDir, fresh), 'utf8')) as ThreadReport & {
              workers?: ThreadReport[];
            };
            const used = (thread: ThreadReport): number => thread.javascriptHeap?.usedMemory ?? 0;
            const workerThreads = (report.workers ?? [])
              .map((thread) => ({ threadId: thread.header?.threadId ?? 0, bytes: used(thread) }))
              .sort((a, b) => a.threadId - b.threadId);
            return { mainBytes: used(report), workerThreads };
          } catch {
            return undefined;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return undefined;
    },
    stop: async (signal = 'SIGTERM') => {
      if (!gone) child.kill(signal);
      await exited;
    },
    tail,
  };
}
