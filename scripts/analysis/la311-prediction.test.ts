/**
 * The predicted-resolution model on LA's 10,000 real requests (time-based hold-out: learn from 1–2
 * January 2020, predict every request created on 3 January), against the naive baseline of the SLA
 * due date. The figures are quoted in docs/predictions.md; this test fails if the model stops beating
 * the baseline's error or the hold-out shrinks.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDefinitionFileSync, requireCompiled } from '../../process-definitions/loader';
import { evaluateLaPredictions } from './la311-prediction';
import { parseCsv, parseTimestamp, toServiceRequests } from './la311-stats';

describe('predicted resolution on the LA 311 sample', () => {
  const calendar = requireCompiled(
    loadDefinitionFileSync(resolve(__dirname, '../../process-definitions/service-complaint.yaml')),
  ).calendars['la-city'];
  const requests = toServiceRequests(
    parseCsv(readFileSync(resolve(__dirname, '../../../shared/data/la311-2020-sample.csv'), 'utf8')),
  );
  const report = evaluateLaPredictions(requests, calendar, parseTimestamp('1/3/20 0:00')!);

  it('is scored on a real hold-out', () => {
    expect(report.trainCases).toBeGreaterThan(7000);
    expect(report.model.cases).toBeGreaterThan(2000);
    expect(report.unpredicted).toBe(0);
    expect(report.baseline.cases).toBe(report.model.cases);
  });

  it('halves the baseline error while most requests close by their predicted date', () => {
    const model = report.model;
    const baseline = report.baseline;
    process.stdout.write(`LA hold-out: model ${JSON.stringify(model)} · baseline ${JSON.stringify(baseline)}\n`);
    expect(model.medianAbsoluteErrorHours!).toBeLessThan(baseline.medianAbsoluteErrorHours! * 0.6);
    expect(model.shareClosedByPredicted!).toBeGreaterThan(0.7);
  });
});
