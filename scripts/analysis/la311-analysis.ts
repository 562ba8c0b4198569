/**
 * Prints the LA 311 figures used in docs/la311-analysis.md as Markdown tables.
 *
 *   node -r ts-node/register/transpile-only scripts/analysis/la311-analysis.ts [csv-path]
 *
 * Default input: ../shared/data/la311-2020-sample.csv relative to the repository root.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  crossTab,
  LA_CITY_HOLIDAYS_2020,
  parseCsv,
  PROPOSED_TARGETS,
  ResolutionSummary,
  ServiceRequest,
  shareMeetingTarget,
  summarise,
  summariseBy,
  toServiceRequests,
} from './la311-stats';

function targetTable(all: readonly ServiceRequest[], residentReported: readonly ServiceRequest[]): string {
  const holidays = new Set(LA_CITY_HOLIDAYS_2020);
  const lines = [
    '| category | LA request types | target | met (resident-reported) | met (all) |',
    '|---|---|---|---:|---:|',
  ];
  for (const { requestTypes, category, target } of PROPOSED_TARGETS) {
    const pick = (rs: readonly ServiceRequest[]) => rs.filter((r) => requestTypes.includes(r.requestType));
    const label = 'workingDays' in target ? `${target.workingDays} working days` : `${target.hours} h`;
    lines.push(
      `| ${category} | ${requestTypes.join(', ')} | ${label} | ${percent(shareMeetingTarget(pick(residentReported), target, holidays))} | ` +
        `${percent(shareMeetingTarget(pick(all), target, holidays))} |`,
    );
  }
  return lines.join('\n');
}

const hours = (h: number | null): string =>
  h === null ? '–' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;
const percent = (p: number | null): string => (p === null ? '–' : `${Math.round(p * 100)} %`);

function resolutionTable(title: string, rows: readonly ResolutionSummary[]): string {
  const lines = [
    `| ${title} | requests | closed | cancelled | open | median | p90 | p99 | ≤24 h | ≤72 h | ≤7 d | ≤30 d |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.key} | ${r.count} | ${r.closed} | ${r.cancelled} | ${r.stillOpen} | ${hours(r.medianHours)} | ${hours(r.p90Hours)} | ` +
        `${hours(r.p99Hours)} | ${percent(r.within24h)} | ${percent(r.within72h)} | ${percent(r.within7d)} | ${percent(r.within30d)} |`,
    );
  }
  return lines.join('\n');
}

function countTable(title: string, table: Map<string, Map<string, number>>): string {
  const lines = [`| ${title} | counts |`, '|---|---|'];
  for (const [row, columns] of [...table.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const cells = [...columns.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k || '(blank)'} ${n}`);
    lines.push(`| ${row} | ${cells.join(', ')} |`);
  }
  return lines.join('\n');
}

function main(): void {
  const path = resolve(process.argv[2] ?? resolve(__dirname, '../../../shared/data/la311-2020-sample.csv'));
  const requests = toServiceRequests(parseCsv(readFileSync(path, 'utf8')));
  const residentReported = requests.filter((r) => r.source !== 'Driver Self Report');
  const output = [
    `Input: ${path} (${requests.length} requests)`,
    '',
    resolutionTable('all', [summarise('all requests', requests)]),
    '',
    resolutionTable(
      'request type',
      summariseBy(requests, (r) => r.requestType),
    ),
    '',
    resolutionTable(
      'channel',
      summariseBy(requests, (r) => r.source),
    ),
    '',
    // Crews log the graffiti and dumping they clear themselves ("Driver Self Report", closed within
    // minutes); a resident's complaint never looks like that, so SLA targets use this table.
    resolutionTable(
      'request type (resident-reported)',
      summariseBy(residentReported, (r) => r.requestType),
    ),
    '',
    resolutionTable(
      'owner department',
      summariseBy(requests, (r) => r.owner),
    ),
    '',
    targetTable(requests, residentReported),
    '',
    countTable(
      'request type → owner',
      crossTab(
        requests,
        (r) => r.requestType,
        (r) => r.owner,
      ),
    ),
    '',
    countTable(
      'request type → channel',
      crossTab(
        requests,
        (r) => r.requestType,
        (r) => r.source,
      ),
    ),
  ];
  process.stdout.write(output.join('\n') + '\n');
}

main();
