/**
 * Prints the predicted-resolution accuracy on the LA 311 sample against the SLA-due-date baseline.
 *   node -r ts-node/register/transpile-only scripts/analysis/la311-prediction-report.ts [csv-path] [quantile]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_RESOLUTION_OPTIONS } from '../../analytics/resolution-model';
import { loadDefinitionFileSync, requireCompiled } from '../../process-definitions/loader';
import { evaluateLaPredictions } from './la311-prediction';
import { parseCsv, parseTimestamp, toServiceRequests } from './la311-stats';

const path = resolve(process.argv[2] ?? resolve(__dirname, '../../../shared/data/la311-2020-sample.csv'));
const q = process.argv[3] !== undefined ? Number(process.argv[3]) : DEFAULT_RESOLUTION_OPTIONS.quantile;
const definition = requireCompiled(
  loadDefinitionFileSync(resolve(__dirname, '../../process-definitions/service-complaint.yaml')),
);
const requests = toServiceRequests(parseCsv(readFileSync(path, 'utf8')));
// The sample covers 1–3 January 2020: learn from the first two days, predict the third.
const report = evaluateLaPredictions(requests, definition.calendars['la-city'], parseTimestamp('1/3/20 0:00')!, {
  ...DEFAULT_RESOLUTION_OPTIONS,
  quantile: q,
});
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
