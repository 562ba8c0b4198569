/**
 * Rewrites test/support/file-durations.json (the time each jest file took, for the sequencer's order on
 * a run without jest's own cache) from a whole run's JSON report:
 *   npx jest --json --outputFile=/tmp/jest-report.json
 *   npm run test:durations -- /tmp/jest-report.json
 * Only a run where every file passed is taken: a file that failed early would look short.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface JestFileResult {
  name: string;
  status: string;
  startTime: number;
  endTime: number;
}

const repository = path.resolve(__dirname, '..', '..');
const tablePath = path.join(__dirname, 'file-durations.json');

/** The table: each file's wall time in ms (to 100 ms), keyed by its path from the repository, sorted. */
export function durationTable(results: readonly JestFileResult[], root: string): Record<string, number> {
  const failed = results.filter((r) => r.status !== 'passed').map((r) => r.name);
  if (failed.length > 0) throw new Error(`the report has files that did not pass: ${failed.join(', ')}`);
  const rows = results.map((r): [string, number] => [
    path.relative(root, r.name).split(path.sep).join('/'),
    Math.max(100, Math.round((r.endTime - r.startTime) / 100) * 100),
  ]);
  return Object.fromEntries(rows.sort(([a], [b]) => (a < b ? -1 : 1)));
}

if (require.main === module) {
  const reportPath = process.argv[2];
  if (!reportPath) {
    console.error('usage: npm run test:durations -- <jest --json report>');
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { testResults: JestFileResult[] };
  const files = durationTable(report.testResults, repository);
  const recorded = new Date().toISOString().slice(0, 10);
  writeFileSync(tablePath, `${JSON.stringify({ recorded, files }, null, 2)}\n`);
  console.log(`${Object.keys(files).length} files written to ${path.relative(repository, tablePath)}`);
}
