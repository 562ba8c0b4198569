import { BenchResult, isBenchResult } from './bench-result';
import { benchStores } from './bench-stores';
import { percentile, runBounded } from './measure';
import { cpuByThread, cpuSnapshot, describeCpuByThread, statCpuMs, type CpuSnapshot } from './thread-cpu';
import { figureKind, formatFigure, formatRatio, ratioToBaseline, renderMarkdown, renderTable } from './results-report';

const result: BenchResult = {
  name: 'devserver',
  finishedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12_345,
  machine: {
    node: '20.0.0',
    platform: 'linux x64',
    cpus: 2,
    cpuModel: 'Test CPU',
    memoryGiB: 24,
    loadAverageAtStart: 0.5,
  },
  figures: { 'trivial workflow: completed/s': 1234.567, 'p99 ms': 0.12345, 'a|b': 'text' },
};

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile(samples, 1)).toBe(100);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('runBounded', () => {
  it('runs every index once with at most the given number in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runBounded(25, 4, async (index) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(index);
      inFlight -= 1;
    });
    expect(peak).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('propagates a failure', async () => {
    await expect(
      runBounded(3, 2, async (index) => {
        if (index === 1) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});

describe('reports', () => {
  it('formats figures for people', () => {
    expect(formatFigure(10_000)).toBe('10,000');
    expect(formatFigure(1234.567)).toBe('1,234.6');
    expect(formatFigure(12.345)).toBe('12.35');
    expect(formatFigure(0.12345)).toBe('0.123');
    expect(formatFigure('n/a')).toBe('n/a');
  });

  it('renders a terminal table and the markdown summary', () => {
    const table = renderTable(result);
    expect(table).toContain('devserver (12.3 s; 1-minute load average 0.5 at start)');
    expect(table).toMatch(/trivial workflow: completed\/s \| 1,234\.6/);
    const markdown = renderMarkdown([result, { ...result, name: 'alpha', figures: {}, error: 'it broke' }], {
      devserver: 'How it is measured.',
    });
    expect(markdown.indexOf('## alpha')).toBeLessThan(markdown.indexOf('## devserver'));
    expect(markdown).toContain('**The run failed:** it broke');
    expect(markdown).toContain('How it is measured.');
    expect(markdown).toContain('| a\\|b | text |');
    expect(markdown).toContain('1-minute load average 0.5 at start.');
  });

  it('relates rates and durations to the commit rate, and nothing else', () => {
    expect(figureKind('create: requests/s')).toBe('rate');
    expect(figureKind('lifecycles per second')).toBe('rate');
    expect(figureKind('read: p99 ms')).toBe('duration-ms');
    expect(figureKind('restart: answering again s')).toBe('duration-s');
    expect(figureKind('rss MiB total with open cases')).toBe('other');
    expect(ratioToBaseline('create: requests/s', 150, 15_000)).toBeCloseTo(0.01);
    expect(ratioToBaseline('read: p99 ms', 15, 14_700)).toBeCloseTo(220.5);
    expect(ratioToBaseline('restart: answering again s', 2, 10_000)).toBe(20_000);
    expect(ratioToBaseline('open cases', 100_000, 10_000)).toBeUndefined();
    expect(ratioToBaseline('create: requests/s', '8 (8)', 10_000)).toBeUndefined();
    expect(ratioToBaseline('create: requests/s', 150, undefined)).toBeUndefined();
    expect(formatRatio(0.0123456)).toBe('0.0123');
    expect(formatRatio(220.5)).toBe('221');
    expect(formatRatio(20_000)).toBe('20,000');
    expect(formatRatio(undefined)).toBe('—');
  });

  it('shows the ratio, the commit rate and the load at both ends when the run measured them', () => {
    const measured: BenchResult = {
      ...result,
      machine: { ...result.machine, loadAverageAtEnd: 1.25 },
      baseline: { insertCommitsPerSecond: 10_000, connections: 8, seconds: 5, measuredAt: '2026-01-01T00:00:00.000Z' },
    };
    expect(renderTable(measured)).toMatch(/trivial workflow: completed\/s \| 1,234\.6 \| +0\.123/);
    const markdown = renderMarkdown([measured], {});
    expect(markdown).toContain('| trivial workflow: completed/s | 1,234.6 | 0.123 |');
    expect(markdown).toContain('| p99 ms | 0.123 | 1.23 |');
    expect(markdown).toContain('1-minute load average 0.5 at start, 1.25 at end.');
    expect(markdown).toContain('Postgres commit rate in this run: 10,000 single-row inserts/s (8 connections, 5 s');
  });

  it('recognises stored results', () => {
    expect(isBenchResult(JSON.parse(JSON.stringify(result)))).toBe(true);
    expect(isBenchResult({ name: 'x' })).toBe(false);
    expect(isBenchResult(null)).toBe(false);
  });
});

describe('benchStores', () => {
  const variable = 'BENCH_TEST_STORES';
  afterEach(() => {
    delete process.env[variable];
  });

  it('reads both stores by default, the named ones in order, and stops on an unknown one', () => {
    expect(benchStores(variable)).toEqual(['pglite', 'postgres']);
    process.env[variable] = ' postgres , ,pglite';
    expect(benchStores(variable)).toEqual(['postgres', 'pglite']);
    process.env[variable] = 'pglite,mysql';
    expect(() => benchStores(variable)).toThrow('BENCH_TEST_STORES: unknown store mysql (pglite, postgres)');
  });
});

describe('CPU by thread', () => {
  // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const stat = (comm: string, utime: number, stime: number): string =>
    `4242 (${comm}) S 1 4242 4242 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 12 0 123 456`;

  it('reads user + system ticks as ms, whatever the command name holds', () => {
    expect(statCpuMs(stat('node', 150, 25))).toBe(1750);
    expect(statCpuMs(stat('a) b (c', 1, 2))).toBe(30);
  });

  it('splits the time spent between snapshots into main, the two busiest others, the rest and Postgres', () => {
    const before: CpuSnapshot = {
      mainThread: 1,
      postgresMs: 500,
      threads: new Map([
        [1, 100],
        [2, 50],
        [3, 10],
        [4, 0],
      ]),
    };
    const after: CpuSnapshot = {
      mainThread: 1,
      postgresMs: 800,
      threads: new Map([
        [1, 400],
        [2, 250],
        [3, 20],
        [4, 30],
        [5, 70],
      ]), // 5 started in between
    };
    const cpu = cpuByThread(before, after);
    expect(cpu).toEqual({ mainMs: 300, busiestOthersMs: [200, 70], restMs: 40, postgresMs: 300 });
    expect(describeCpuByThread(cpu, 10)).toBe('30.0 / 20.0 / 7.0 / 4.0 / 30.0 (91.0)');
  });

  it('reads this process and its own main thread from /proc', () => {
    const snapshot = cpuSnapshot();
    expect(snapshot.mainThread).toBe(process.pid);
    expect(snapshot.threads.get(process.pid)).toBeGreaterThan(0);
  });
});
