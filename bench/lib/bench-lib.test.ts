import { BenchResult, isBenchResult } from './bench-result';
import { percentile, runBounded } from './measure';
import { formatFigure, renderMarkdown, renderTable } from './results-report';

const result: BenchResult = {
  name: 'devserver',
  finishedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12_345,
  machine: { node: '20.0.0', platform: 'linux x64', cpus: 2, cpuModel: 'Test CPU', memoryGiB: 24, loadAverageAtStart: 0.5 },
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
    expect(table).toContain('devserver (12.3 s)');
    expect(table).toMatch(/trivial workflow: completed\/s \| 1,234\.6/);
    const markdown = renderMarkdown([result, { ...result, name: 'alpha', figures: {}, error: 'it broke' }], { devserver: 'How it is measured.' });
    expect(markdown.indexOf('## alpha')).toBeLessThan(markdown.indexOf('## devserver'));
    expect(markdown).toContain('**The run failed:** it broke');
    expect(markdown).toContain('How it is measured.');
    expect(markdown).toContain('| a\\|b | text |');
    expect(markdown).toContain('1-minute load average 0.5 at start.');
  });

  it('recognises stored results', () => {
    expect(isBenchResult(JSON.parse(JSON.stringify(result)))).toBe(true);
    expect(isBenchResult({ name: 'x' })).toBe(false);
    expect(isBenchResult(null)).toBe(false);
  });
});
