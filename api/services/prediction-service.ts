/**
 * Predicted close dates for open cases, learned from the closed cases of the same service, category
 * and channel (analytics/resolution-model.ts) in working time on the case's calendar, and stored
 * (case_predictions) so the case page, the work lists and Open311 `expected_datetime` read one figure.
 *
 * Refreshed when read and older than PREDICTION_REFRESH_MINUTES (one refresh at a time); a case
 * created since the last refresh is predicted from the model in memory when first read.
 */
import type { Knex } from 'knex';
import { scorePredictions, type AccuracyFigures, type ScoredCase } from '../../analytics/prediction-accuracy';
import {
  DEFAULT_RESOLUTION_OPTIONS,
  predictResolution,
  trainResolutionModel,
  type ResolutionModel,
} from '../../analytics/resolution-model';
import { caseHistory, predictionsFor, savePredictions, type CaseHistoryRow, type CasePrediction } from '../../db';
import { can, departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { DefinitionCache } from './definition-cache';
import { agencyCalendar, timeBasis, type TimeBasis } from './prediction-calendar';

export interface PredictionServiceDeps {
  db: Knex;
  clock: () => Date;
  definitions: DefinitionCache;
  refreshMinutes: number;
}

/** What people are shown: the date, and what it rests on. */
export interface PredictedClose {
  predictedCloseAt: Date;
  basis: string;
  samples: number;
}

export interface PredictionAccuracy {
  /** The first predicted date each closed case was given. */
  model: AccuracyFigures;
  /** The same cases scored against their SLA due date (cases without one are left out of both). */
  baseline: AccuracyFigures;
}

/** Closed cases from this far back teach the model (older practice says little about today's). */
const HISTORY_DAYS = 365;
const DAY_MS = 86_400_000;

const keyOf = (row: Pick<CaseHistoryRow, 'definitionId' | 'category' | 'channel'>): string[] => [
  row.definitionId,
  row.category ?? '',
  row.channel ?? '',
];

export type PredictionService = ReturnType<typeof createPredictionService>;

export function createPredictionService(deps: PredictionServiceDeps) {
  let current: { model: ResolutionModel; trainedAtMs: number } | undefined;
  let running: Promise<void> | undefined;

  async function basisOf(
    row: Pick<CaseHistoryRow, 'definitionId' | 'definitionVersion'>,
    cache: Map<string, TimeBasis>,
  ): Promise<TimeBasis> {
    const key = `${row.definitionId}@${row.definitionVersion}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const definition = await deps.definitions.get(row.definitionId, row.definitionVersion).catch(() => undefined);
    const basis = timeBasis(agencyCalendar(definition));
    cache.set(key, basis);
    return basis;
  }

  function predictionOf(
    model: ResolutionModel,
    row: CaseHistoryRow,
    basis: TimeBasis,
    nowMs: number,
  ): PredictedClose | undefined {
    const createdMs = row.createdAt.getTime();
    const elapsed = Math.max(0, basis.between(createdMs, nowMs));
    const prediction = predictResolution(model, keyOf(row), elapsed);
    if (!prediction) return undefined;
    return {
      predictedCloseAt: new Date(basis.add(createdMs, prediction.workingMs)),
      basis: prediction.basis.filter((part) => part !== '').join(' / '),
      samples: prediction.samples,
    };
  }

  /** Learns from the closed cases and writes a prediction for every open case. */
  async function refresh(): Promise<{ trainedOn: number; predicted: number }> {
    const now = deps.clock();
    const calendars = new Map<string, TimeBasis>();
    const closed = await caseHistory(deps.db, {
      state: 'closed',
      closedFrom: new Date(now.getTime() - HISTORY_DAYS * DAY_MS),
    });
    const samples = [];
    for (const row of closed) {
      const basis = await basisOf(row, calendars);
      samples.push({
        key: keyOf(row),
        workingMs: basis.between(row.createdAt.getTime(), (row.closedAt as Date).getTime()),
      });
    }
    const model = trainResolutionModel(samples, DEFAULT_RESOLUTION_OPTIONS);
    const open = await caseHistory(deps.db, { state: 'open' });
    const predictions = [];
    for (const row of open) {
      const predicted = predictionOf(model, row, await basisOf(row, calendars), now.getTime());
      if (predicted) predictions.push({ caseId: row.caseId, ...predicted });
    }
    await savePredictions(deps.db, predictions, now);
    current = { model, trainedAtMs: now.getTime() };
    return { trainedOn: samples.length, predicted: predictions.length };
  }

  async function ensureFresh(): Promise<void> {
    const stale = !current || deps.clock().getTime() - current.trainedAtMs > deps.refreshMinutes * 60_000;
    if (!stale) return;
    running ??= refresh().then(
      () => {
        running = undefined;
      },
      (error: unknown) => {
        running = undefined;
        throw error;
      },
    );
    await running;
  }

  /** The predicted close of each open case among `caseIds` (closed and unpredictable cases are absent). */
  async function forCases(caseIds: readonly string[]): Promise<Map<string, PredictedClose>> {
    await ensureFresh();
    const stored = await predictionsFor(deps.db, caseIds);
    const result = new Map<string, PredictedClose>();
    const missing = caseIds.filter((id) => !stored.has(id));
    if (missing.length > 0 && current) {
      const now = deps.clock();
      const calendars = new Map<string, TimeBasis>();
      const fresh = [];
      for (const row of await caseHistory(deps.db, { state: 'open', caseIds: missing })) {
        const predicted = predictionOf(current.model, row, await basisOf(row, calendars), now.getTime());
        if (predicted) fresh.push({ caseId: row.caseId, ...predicted });
      }
      await savePredictions(deps.db, fresh, now);
      for (const p of fresh) result.set(p.caseId, p);
    }
    const openIds = new Set(
      (await caseHistory(deps.db, { state: 'open', caseIds: [...stored.keys()] })).map((row) => row.caseId),
    );
    for (const [id, p] of stored) if (openIds.has(id)) result.set(id, shown(p));
    return result;
  }

  /** How the first predicted dates of cases closed in the window fared, against the SLA due date. */
  async function accuracy(principal: Principal, window: { from?: Date; to?: Date } = {}): Promise<PredictionAccuracy> {
    if (!can(principal, 'reports:read'))
      throw new ApiError('FORBIDDEN', 'this needs the reports:read permission', { permission: 'reports:read' });
    const scope = departmentScope(principal);
    const rows = await caseHistory(deps.db, {
      state: 'closed',
      predicted: true,
      ...(window.from ? { closedFrom: window.from } : {}),
      ...(window.to ? { closedTo: window.to } : {}),
      ...(scope ? { departmentIds: scope } : {}),
    });
    const calendars = new Map<string, TimeBasis>();
    const model: ScoredCase[] = [];
    const baseline: ScoredCase[] = [];
    for (const row of rows) {
      if (!row.slaDueAt || !row.firstPredictedCloseAt || !row.closedAt) continue;
      const basis = await basisOf(row, calendars);
      const created = row.createdAt.getTime();
      const actualWorkingMs = basis.between(created, row.closedAt.getTime());
      model.push({ actualWorkingMs, predictedWorkingMs: basis.between(created, row.firstPredictedCloseAt.getTime()) });
      baseline.push({ actualWorkingMs, predictedWorkingMs: basis.between(created, row.slaDueAt.getTime()) });
    }
    return { model: scorePredictions(model), baseline: scorePredictions(baseline) };
  }

  return { refresh, forCases, accuracy };
}

const shown = (p: CasePrediction): PredictedClose => ({
  predictedCloseAt: p.predictedCloseAt,
  basis: p.basis,
  samples: p.samples,
});
