/**
 * `npm run bench [-- name ...]`: measures the Postgres commit rate (the yardstick), then runs every
 * bench/*.bench.ts (or the named ones), each in its own Node process with --expose-gc, prints a table
 * per module with each figure's ratio to the commit rate, writes bench/results/<name>.json and rebuilds
 * BENCHMARKS.md at the repository root from all stored results (`-- --report`: only that).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchFigures, BenchResult, isBenchResult, type StoredBaseline } from './lib/bench-result';
import { measureCommitBaseline } from './lib/commit-baseline';
import { renderMarkdown, renderTable } from './lib/results-report';

const BENCH_DIR = __dirname;
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const NOTES_DIR = path.join(BENCH_DIR, 'notes');
const ROOT = path.resolve(BENCH_DIR, '..');
/**
 * A bench that reports no progress for this long is stopped: benches must end by themselves. Long
 * phases (seeding, starting many cases) call reportProgress() (bench/lib/progress.ts) to show they move.
 */
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 15 * 60_000);

function benchModules(only: string[]): { name: string; file: string }[] {
  const all = fs
    .readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.bench.ts'.length), file: path.join(BENCH_DIR, file) }));
  const unknown = only.filter((name) => !all.some((bench) => bench.name === name));
  if (unknown.length > 0)
    throw new Error(`no bench named ${unknown.join(', ')} (have: ${all.map((b) => b.name).join(', ')})`);
  return only.length > 0 ? all.filter((bench) => only.includes(bench.name)) : all;
}

function runInChild(file: string): Promise<{ figures: BenchFigures; error?: string }> {
  return new Promise((resolve) => {
    const child = fork(path.join(BENCH_DIR, 'lib', 'bench-child.ts'), [file], {
      cwd: ROOT,
      execArgv: ['--expose-gc', '--max-old-space-size=4096', '-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (outcome: { figures: BenchFigures; error?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const stop = (): void => {
      child.kill('SIGKILL');
      finish({ figures: {}, error: `stopped after ${TIME_LIMIT_MS / 1000} s without progress` });
    };
    let timer = setTimeout(stop, TIME_LIMIT_MS);
    child.on('message', (message: { progress?: string; ok?: boolean; figures?: BenchFigures; error?: string }) => {
      if (message.progress !== undefined) {
        clearTimeout(timer);
        timer = setTimeout(stop, TIME_LIMIT_MS);
        console.log(`  … ${message.progress}`);
        return;
      }
      finish(
        message.ok ? { figures: message.figures ?? {} } : { figures: {}, error: message.error ?? 'unknown error' },
      );
    });
    child.on('exit', (code, signal) =>
      finish({ figures: {}, error: `bench process exited (${signal ?? `code ${String(code)}`}) without a result` }),
    );
  });
}

const loadAverage = (): number => Number(os.loadavg()[0].toFixed(2));

function machine(loadAverageAtStart: number, loadAverageAtEnd: number): BenchResult['machine'] {
  const cpus = os.cpus();
  return {
    node: process.versions.node,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart,
    loadAverageAtEnd,
  };
}

function storedResults(): BenchResult[] {
  if (!fs.existsSync(RESULTS_DIR)) return [];
  return fs
    .readdirSync(RESULTS_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), 'utf8')) as unknown)
    .filter(isBenchResult);
}

/** Optional prose per bench (bench/notes/<name>.md): how each figure is measured. */
function notes(): Record<string, string> {
  if (!fs.existsSync(NOTES_DIR)) return {};
  return Object.fromEntries(
    fs
      .readdirSync(NOTES_DIR)
      .filter((file) => file.endsWith('.md'))
      .map((file) => [file.slice(0, -3), fs.readFileSync(path.join(NOTES_DIR, file), 'utf8')]),
  );
}

function writeReport(): void {
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), renderMarkdown(storedResults(), notes()));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // `npm run bench -- --report`: rebuild BENCHMARKS.md from the stored results and notes, run nothing.
  if (args.includes('--report')) {
    writeReport();
    console.log('Wrote BENCHMARKS.md from the stored results');
    return;
  }
  const benches = benchModules(args);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  let failed = 0;
  // The yardstick first, on the same machine in the same run: every figure is shown beside it.
  let baseline: StoredBaseline | undefined;
  try {
    console.log(`▶ Postgres commit rate (load average ${loadAverage()})`);
    baseline = await measureCommitBaseline();
    console.log(
      `  ${baseline.insertCommitsPerSecond.toLocaleString('en-US')} single-row inserts/s (${baseline.connections} connections, ${baseline.seconds} s)`,
    );
  } catch (error) {
    console.error(
      `  the commit rate could not be measured (${(error as Error).message}): figures are stored without ratios`,
    );
  }
  for (const bench of benches) {
    console.log(`\n▶ ${bench.name}`);
    const started = Date.now();
    const loadAverageAtStart = loadAverage();
    const outcome = await runInChild(bench.file);
    const result: BenchResult = {
      name: bench.name,
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - started,
      machine: machine(loadAverageAtStart, loadAverage()),
      ...(baseline ? { baseline } : {}),
      figures: outcome.figures,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    if (outcome.error) failed += 1;
    console.log(renderTable(result));
    // Write to a temp file and rename so an interrupted run never leaves half a result.
    const target = path.join(RESULTS_DIR, `${bench.name}.json`);
    fs.writeFileSync(`${target}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
    fs.renameSync(`${target}.tmp`, target);
  }
  writeReport();
  console.log(`\nWrote ${path.relative(ROOT, RESULTS_DIR)}/*.json and BENCHMARKS.md`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
