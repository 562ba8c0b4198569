/**
 * CPU time by thread of this process, and of the machine's Postgres, from /proc (Linux): what one
 * operation costs on each thread, where process.cpuUsage() gives only the sum. Node names none of its
 * threads, so they are told apart by rank: the main thread (its id is the process id), the busiest
 * others in turn (in `npm start`'s layout the embedded server's thread and the workflow thread), and
 * the rest together (V8's GC helpers, libuv, the SDK's Rust core).
 */
import fs from 'node:fs';

/** /proc reports CPU time in clock ticks of USER_HZ, which is 100 on Linux whatever the kernel's HZ. */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  /** Thread id → user + system CPU ms. */
  threads: Map<number, number>;
  mainThread: number;
  /** User + system CPU ms of every process named `postgres` (the server on this machine). */
  postgresMs: number;
}

/** User + system CPU ms from the text of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file. */
export function statCpuMs(stat: string): number {
  // The command name (field 2) may hold spaces and parentheses: the fields that follow start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) of proc(5), counted from field 3 (state).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const readOrEmpty = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // the thread or process ended between listing and reading
  }
};

export function cpuSnapshot(): CpuSnapshot {
  const threads = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = readOrEmpty(`/proc/self/task/${tid}/stat`);
    if (stat) threads.set(Number(tid), statCpuMs(stat));
  }
  let postgresMs = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (readOrEmpty(`/proc/${pid}/comm`).trim() !== 'postgres') continue;
    const stat = readOrEmpty(`/proc/${pid}/stat`);
    if (stat) postgresMs += statCpuMs(stat);
  }
  return { threads, mainThread: process.pid, postgresMs };
}

export interface CpuByThread {
  mainMs: number;
  /** The two busiest threads after the main one, busiest first. */
  busiestOthersMs: [number, number];
  restMs: number;
  postgresMs: number;
}

/** CPU ms spent between two snapshots, by thread; threads that started in between count from zero. */
export function cpuByThread(before: CpuSnapshot, after: CpuSnapshot): CpuByThread {
  const spent = [...after.threads].map(([tid, ms]) => ({ tid, ms: ms - (before.threads.get(tid) ?? 0) }));
  const mainMs = spent.find(({ tid }) => tid === after.mainThread)?.ms ?? 0;
  const others = spent
    .filter(({ tid }) => tid !== after.mainThread)
    .map(({ ms }) => ms)
    .sort((a, b) => b - a);
  return {
    mainMs,
    busiestOthersMs: [others[0] ?? 0, others[1] ?? 0],
    restMs: others.slice(2).reduce((sum, ms) => sum + ms, 0),
    postgresMs: after.postgresMs - before.postgresMs,
  };
}

/** Per-operation CPU ms by thread as one figure: "main / 2nd / 3rd / rest / Postgres (total)". */
export function describeCpuByThread(cpu: CpuByThread, operations: number): string {
  const perOperation = [cpu.mainMs, ...cpu.busiestOthersMs, cpu.restMs, cpu.postgresMs].map((ms) => ms / operations);
  const total = perOperation.reduce((sum, ms) => sum + ms, 0);
  return `${perOperation.map((ms) => ms.toFixed(1)).join(' / ')} (${total.toFixed(1)})`;
}
