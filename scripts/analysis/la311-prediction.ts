/**
 * Predicted resolution, trained and scored on the LA 311 sample with a time-based hold-out: the model
 * learns from requests created before the cut-off and predicts, at creation, the close date of every
 * request created after it; the naive baseline predicts the SLA due date (the category's target).
 * Both are scored by analytics/prediction-accuracy.ts on the City's working calendar.
 *
 * Pure apart from the zone lookup; the CLI below (run when executed directly) reads the file.
 *   node -r ts-node/register/transpile-only scripts/analysis/la311-prediction.ts [csv-path]
 */
import { scorePredictions, type AccuracyFigures, type ScoredCase } from '../../analytics/prediction-accuracy';
import {
  DEFAULT_RESOLUTION_OPTIONS,
  predictResolution,
  trainResolutionModel,
  type ResolutionModelOptions,
} from '../../analytics/resolution-model';
import type { Calendar } from '../../domain/calendar';
import { addWorkingDays, workingTimeBetween } from '../../interpreter';
import { instantOfLocal, zoneOf } from '../../interpreter/local-time';
import { PROPOSED_TARGETS, type ServiceRequest } from './la311-stats';

export interface LaPredictionReport {
  trainCases: number;
  model: AccuracyFigures;
  baseline: AccuracyFigures;
  /** Held-out cases the model had no figure for (scored by neither). */
  unpredicted: number;
}

/** The sample's wall-clock minutes (read as UTC by la311-stats) → the real instant in the calendar's zone. */
function instantOf(wallMinute: number, timeZone: string): number {
  return instantOfLocal(Math.floor(wallMinute / 1440), wallMinute % 1440, zoneOf(timeZone));
}

const CATEGORY_OF = new Map(PROPOSED_TARGETS.flatMap((t) => t.requestTypes.map((type) => [type, t] as const)));

interface Closed {
  key: string[];
  createdMs: number;
  actualWorkingMs: number;
  dueMs: number;
}

function closedRequests(requests: readonly ServiceRequest[], calendar: Calendar): Closed[] {
  const out: Closed[] = [];
  for (const r of requests) {
    const target = CATEGORY_OF.get(r.requestType);
    if (!target || r.status !== 'Closed' || r.closedMinute === null || r.closedMinute < r.createdMinute) continue;
    const createdMs = instantOf(r.createdMinute, calendar.timeZone);
    const closedMs = instantOf(r.closedMinute, calendar.timeZone);
    const dueMs =
      'workingDays' in target.target
        ? addWorkingDays(calendar, createdMs, target.target.workingDays)
        : createdMs + target.target.hours * 3_600_000;
    out.push({
      key: ['service-complaint', target.category, r.source],
      createdMs,
      actualWorkingMs: workingTimeBetween(calendar, createdMs, closedMs),
      dueMs,
    });
  }
  return out;
}

/** Train on requests created before `cutoffWallMinute` (LA wall clock, as la311-stats reads it), score those created from then on. */
export function evaluateLaPredictions(
  requests: readonly ServiceRequest[],
  calendar: Calendar,
  cutoffWallMinute: number,
  options: ResolutionModelOptions = DEFAULT_RESOLUTION_OPTIONS,
): LaPredictionReport {
  const cutoffMs = instantOf(cutoffWallMinute, calendar.timeZone);
  const closed = closedRequests(requests, calendar);
  const train = closed.filter((c) => c.createdMs < cutoffMs);
  const test = closed.filter((c) => c.createdMs >= cutoffMs);
  const model = trainResolutionModel(
    train.map((c) => ({ key: c.key, workingMs: c.actualWorkingMs })),
    options,
  );
  const scoredModel: ScoredCase[] = [];
  const scoredBaseline: ScoredCase[] = [];
  let unpredicted = 0;
  for (const c of test) {
    const prediction = predictResolution(model, c.key, 0);
    if (!prediction) {
      unpredicted++;
      continue;
    }
    scoredModel.push({ actualWorkingMs: c.actualWorkingMs, predictedWorkingMs: prediction.workingMs });
    scoredBaseline.push({
      actualWorkingMs: c.actualWorkingMs,
      predictedWorkingMs: workingTimeBetween(calendar, c.createdMs, c.dueMs),
    });
  }
  return {
    trainCases: train.length,
    model: scorePredictions(scoredModel),
    baseline: scorePredictions(scoredBaseline),
    unpredicted,
  };
}
