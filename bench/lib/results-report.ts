import { BenchResult } from './bench-result';

/** Formats a figure for people: integers with separators, others with 3 significant decimals. */
export function formatFigure(value: number | string): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** How a figure relates to the commit rate, read from its name: a rate, a duration, or neither. */
export function figureKind(metric: string): 'rate' | 'duration-ms' | 'duration-s' | 'other' {
  if (/\/s\b|per second/i.test(metric)) return 'rate';
  if (/\bms\b/.test(metric)) return 'duration-ms';
  if (/(\(s\)|\bs)$/.test(metric.trim()) || /\bseconds\b/.test(metric)) return 'duration-s';
  return 'other';
}

/**
 * A figure beside the run's Postgres commit rate: a rate as a fraction of it (figure ÷ commit rate),
 * a duration as the number of single-row commits the machine made in that time (figure × commit rate).
 * Counts, sizes and text have no ratio (undefined).
 */
export function ratioToBaseline(
  metric: string,
  value: number | string,
  insertCommitsPerSecond: number | undefined,
): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || !insertCommitsPerSecond) return undefined;
  switch (figureKind(metric)) {
    case 'rate':
      return value / insertCommitsPerSecond;
    case 'duration-ms':
      return (value / 1000) * insertCommitsPerSecond;
    case 'duration-s':
      return value * insertCommitsPerSecond;
    default:
      return undefined;
  }
}

/** A ratio with 3 significant digits ("0.00312", "45.1", "1,234"); "—" when the figure has none. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return '—';
  if (ratio === 0) return '0';
  if (Math.abs(ratio) >= 1000) return Math.round(ratio).toLocaleString('en-US');
  return String(Number(ratio.toPrecision(3)));
}

function rowsOf(result: BenchResult): [string, string, string][] {
  const rate = result.baseline?.insertCommitsPerSecond;
  return Object.entries(result.figures).map(([metric, value]) => [
    metric,
    formatFigure(value),
    formatRatio(ratioToBaseline(metric, value, rate)),
  ]);
}

const loadText = (machine: BenchResult['machine']): string =>
  machine.loadAverageAtStart === undefined
    ? ''
    : `1-minute load average ${machine.loadAverageAtStart} at start` +
      (machine.loadAverageAtEnd === undefined ? '' : `, ${machine.loadAverageAtEnd} at end`);

const baselineText = (result: BenchResult): string =>
  result.baseline
    ? `Postgres commit rate in this run: ${result.baseline.insertCommitsPerSecond.toLocaleString('en-US')} single-row inserts/s (${result.baseline.connections} connections, ${result.baseline.seconds} s, ${result.baseline.measuredAt}).`
    : 'No commit rate was measured in this run (stored before the baseline existed): no ratios.';

/** A plain-text table of one result for the terminal. */
export function renderTable(result: BenchResult): string {
  const rows = rowsOf(result);
  const width = Math.max('metric'.length, ...rows.map(([metric]) => metric.length));
  const valueWidth = Math.max('value'.length, ...rows.map(([, value]) => value.length));
  const ratioWidth = Math.max('vs commits'.length, ...rows.map(([, , ratio]) => ratio.length));
  const line = `${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+${'-'.repeat(ratioWidth + 2)}`;
  const body = rows.map(
    ([metric, value, ratio]) =>
      ` ${metric.padEnd(width)} | ${value.padStart(valueWidth)} | ${ratio.padStart(ratioWidth)}`,
  );
  const lines = [
    `${result.name} (${(result.durationMs / 1000).toFixed(1)} s; ${loadText(result.machine) || 'load average unknown'})`,
    baselineText(result),
    ` ${'metric'.padEnd(width)} | ${'value'.padStart(valueWidth)} | ${'vs commits'.padStart(ratioWidth)}`,
    line,
    ...body,
  ];
  if (result.error) lines.push(` error: ${result.error}`);
  return lines.join('\n');
}

/** BENCHMARKS.md: every stored result, newest figures per bench, with the machine they ran on. */
export function renderMarkdown(results: BenchResult[], notes: Record<string, string>): string {
  const sections = [...results]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((result) => {
      const { machine } = result;
      const load = loadText(machine);
      const lines = [
        `## ${result.name}`,
        '',
        `Run ${result.finishedAt} in ${(result.durationMs / 1000).toFixed(1)} s on Node ${machine.node}, ${machine.platform}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB` +
          (load ? `, ${load}.` : '.'),
        baselineText(result),
        '',
      ];
      if (notes[result.name]) lines.push(notes[result.name].trim(), '');
      if (result.error) lines.push(`**The run failed:** ${result.error}`, '');
      lines.push('| metric | value | vs commit rate |', '| --- | ---: | ---: |');
      const cell = (text: string): string => text.replace(/\|/g, '\\|');
      for (const [metric, value, ratio] of rowsOf(result))
        lines.push(`| ${cell(metric)} | ${cell(value)} | ${ratio} |`);
      return lines.join('\n');
    });
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts) from bench/results/*.json; each bench module runs in its own',
    'Node process (`--expose-gc`). Figures are from one run on the machine named under each section: compare',
    'them across commits on the same machine, not across machines.',
    '',
    'Every run first measures a yardstick on the same machine: the rate at which Postgres commits',
    'single-row INSERTs from 8 connections in autocommit (bench/lib/commit-baseline.ts, a few seconds).',
    'The column "vs commit rate" relates each figure to it: a rate (…/s) is divided by the commit rate',
    '(0.01 = one case per 100 commits); a duration (ms, s) is multiplied by it (how many single-row commits',
    'the machine made in that time). Counts and sizes have no ratio (—). Each section names the 1-minute',
    'load average when its module started and ended: on a shared machine other work skews the figures.',
    '',
    'Targets of issue 12 (idle 2-core machine): lifecycles through HTTP >= 50/s with p50 < 500 ms',
    '(http-lifecycle); case creation through HTTP >= 150/s with p50 < 40 ms at 8 in flight, case read p99',
    '< 15 ms and list-of-50 p99 < 30 ms at 16 in flight with 100,000 cases (api); 100,000 open cases with',
    'armed SLA timers in < 2 GiB RSS and escalation lag p99 < 1 s for 1,000 deadlines in one minute',
    '(open-cases); `npm start` with 10,000 open cases answering again < 30 s after a restart, no case lost,',
    'every timer due meanwhile fired (restart). Store-dependent figures are given for PGlite and Postgres.',
    "The floors under them on the same machine, with no application code: temporal-floor (the case's",
    'Temporal calls with activities that do nothing: lifecycles and creation) and read-floor (a bare Koa +',
    'knex app: reads and lists).',
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}
