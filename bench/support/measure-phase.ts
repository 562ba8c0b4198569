/**
 * One closed-loop phase of a bench with the CPU it cost per operation: the process's (user + system,
 * comparable across loads) and by thread from /proc (bench/lib/thread-cpu.ts).
 */
import { round } from '../lib/measure';
import { cpuByThread, cpuSnapshot, describeCpuByThread } from '../lib/thread-cpu';
import { measureRequests } from './http';

/** The figure name of a phase's CPU by thread. */
export const cpuByThreadFigure = (what: string): string =>
  `${what}: CPU ms by thread: main / next busiest / third / other threads / Postgres (machine total)`;

export interface MeasuredPhase {
  rps: number;
  p50: number;
  p99: number;
  /** Process CPU ms (user + system) per operation. */
  processCpuMs: number;
  /** CPU ms per operation by thread (describeCpuByThread). */
  cpuByThread: string;
}

export async function measurePhase(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<void>,
): Promise<MeasuredPhase> {
  const cpuBefore = process.cpuUsage();
  const threadsBefore = cpuSnapshot();
  const measured = await measureRequests(count, concurrency, one);
  const threads = cpuByThread(threadsBefore, cpuSnapshot());
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ...measured,
    processCpuMs: round((cpu.user + cpu.system) / 1000 / count, 1),
    cpuByThread: describeCpuByThread(threads, count),
  };
}
