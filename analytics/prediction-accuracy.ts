/**
 * How good a predicted close date was, for closed cases: the share closed by the predicted date and
 * the median absolute error, both in working time so that a weekend between the two does not count.
 * Pure; the same function scores the model and the naive baseline (the SLA due date).
 */
import { median } from './quantile';

export interface ScoredCase {
  /** Working time from creation to the actual closing. */
  actualWorkingMs: number;
  /** Working time from creation to the predicted (or due) date. */
  predictedWorkingMs: number;
}

export interface AccuracyFigures {
  cases: number;
  /** 0..1; null when there are no cases. */
  shareClosedByPredicted: number | null;
  /** Median of |actual − predicted|, in working hours; null when there are no cases. */
  medianAbsoluteErrorHours: number | null;
}

const HOUR_MS = 3_600_000;

export function scorePredictions(cases: readonly ScoredCase[]): AccuracyFigures {
  if (cases.length === 0) return { cases: 0, shareClosedByPredicted: null, medianAbsoluteErrorHours: null };
  const onTime = cases.filter((c) => c.actualWorkingMs <= c.predictedWorkingMs).length;
  const errors = cases.map((c) => Math.abs(c.actualWorkingMs - c.predictedWorkingMs) / HOUR_MS);
  return {
    cases: cases.length,
    shareClosedByPredicted: onTime / cases.length,
    medianAbsoluteErrorHours: median(errors),
  };
}
