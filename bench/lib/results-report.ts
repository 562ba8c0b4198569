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

/** A plain-text table of one result for the terminal. */
export function renderTable(result: BenchResult): string {
  const rows: [string, string][] = Object.entries(result.figures).map(([metric, value]) => [metric, formatFigure(value)]);
  if (result.error) rows.push(['error', result.error]);
  const width = Math.max('metric'.length, ...rows.map(([metric]) => metric.length));
  const valueWidth = Math.max('value'.length, ...rows.map(([, value]) => value.length));
  const line = `${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}`;
  const body = rows.map(([metric, value]) => ` ${metric.padEnd(width)} | ${value.padStart(valueWidth)}`);
  return [`${result.name} (${(result.durationMs / 1000).toFixed(1)} s)`, ` ${'metric'.padEnd(width)} | ${'value'.padStart(valueWidth)}`, line, ...body].join('\n');
}

/** BENCHMARKS.md: every stored result, newest figures per bench, with the machine they ran on. */
export function renderMarkdown(results: BenchResult[], notes: Record<string, string>): string {
  const sections = [...results]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((result) => {
      const { machine } = result;
      const lines = [
        `## ${result.name}`,
        '',
        `Run ${result.finishedAt} in ${(result.durationMs / 1000).toFixed(1)} s on Node ${machine.node}, ${machine.platform}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB` +
          (machine.loadAverageAtStart === undefined ? '.' : `, 1-minute load average ${machine.loadAverageAtStart} at start.`),
        '',
      ];
      if (notes[result.name]) lines.push(notes[result.name].trim(), '');
      if (result.error) lines.push(`**The run failed:** ${result.error}`, '');
      lines.push('| metric | value |', '| --- | ---: |');
      const cell = (text: string): string => text.replace(/\|/g, '\\|');
      for (const [metric, value] of Object.entries(result.figures)) lines.push(`| ${cell(metric)} | ${cell(formatFigure(value))} |`);
      return lines.join('\n');
    });
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts) from bench/results/*.json; each bench module runs in its own',
    'Node process (`--expose-gc`). Figures are from one run on the machine named under each section: compare',
    'them across commits on the same machine, not across machines.',
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}
