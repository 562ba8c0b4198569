/**
 * Predicted resolution: how much working time a case of a service and category usually takes, learned
 * from closed cases. Pure (no I/O, no clock).
 *
 * The model keeps, for every key prefix (service → service+category → service+category+channel), the
 * sorted working-time durations of closed cases. A prediction uses the most specific prefix with at
 * least `minSamples` cases and takes the `quantile` of durations — conditioned on what has already
 * passed: for a case open for `elapsed` working time, only cases that took longer than that count
 * (a case open for three days is not going to close in the median two).
 */
import { ascending, quantile } from './quantile';

export interface ResolutionSample {
  /** Most general first, e.g. [definition id, category, channel]; an empty string is a value like any other. */
  key: readonly string[];
  /** Working time from creation to closing, in milliseconds. */
  workingMs: number;
}

export interface ResolutionModelOptions {
  /** 0..1: 0.5 predicts the median (least absolute error); higher is more cautious. */
  quantile: number;
  /** A key prefix with fewer (remaining) cases falls back to its parent. */
  minSamples: number;
}

export const DEFAULT_RESOLUTION_OPTIONS: ResolutionModelOptions = Object.freeze({ quantile: 0.8, minSamples: 20 });

export interface ResolutionModel {
  readonly options: ResolutionModelOptions;
  /** Prefix (joined key) → ascending durations. */
  readonly groups: ReadonlyMap<string, readonly number[]>;
}

export interface ResolutionPrediction {
  /** Predicted total working time from creation to closing. */
  workingMs: number;
  /** The key prefix the figure came from and how many closed cases it rests on. */
  basis: readonly string[];
  samples: number;
}

const SEPARATOR = '\u001f';
const joinKey = (key: readonly string[]): string => key.join(SEPARATOR);

export function trainResolutionModel(
  samples: Iterable<ResolutionSample>,
  options: ResolutionModelOptions = DEFAULT_RESOLUTION_OPTIONS,
): ResolutionModel {
  if (!(options.quantile > 0 && options.quantile < 1))
    throw new RangeError(`quantile must lie strictly between 0 and 1, got ${options.quantile}`);
  if (!Number.isInteger(options.minSamples) || options.minSamples < 1)
    throw new RangeError(`minSamples must be a positive integer, got ${options.minSamples}`);
  const groups = new Map<string, number[]>();
  for (const sample of samples) {
    if (!Number.isFinite(sample.workingMs) || sample.workingMs < 0) continue;
    for (let length = 1; length <= sample.key.length; length++) {
      const prefix = joinKey(sample.key.slice(0, length));
      const group = groups.get(prefix);
      if (group) group.push(sample.workingMs);
      else groups.set(prefix, [sample.workingMs]);
    }
  }
  const sorted = new Map<string, readonly number[]>();
  for (const [prefix, durations] of groups) sorted.set(prefix, ascending(durations));
  return { options: { ...options }, groups: sorted };
}

/** Index of the first duration strictly greater than `elapsed` in an ascending array. */
function firstAbove(sorted: readonly number[], elapsed: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= elapsed) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The predicted total working time of a case with this key that has been open `elapsedWorkingMs`
 * (0 at creation). Undefined when no closed case of its service took longer than that.
 */
export function predictResolution(
  model: ResolutionModel,
  key: readonly string[],
  elapsedWorkingMs = 0,
): ResolutionPrediction | undefined {
  let fallback: ResolutionPrediction | undefined;
  for (let length = key.length; length >= 1; length--) {
    const sorted = model.groups.get(joinKey(key.slice(0, length)));
    if (!sorted) continue;
    // With nothing elapsed every case counts (a case closed at once, 0 working time, included).
    const remaining = elapsedWorkingMs > 0 ? sorted.slice(firstAbove(sorted, elapsedWorkingMs)) : sorted;
    const value = quantile(remaining, model.options.quantile);
    if (value === null) continue;
    const prediction = { workingMs: Math.round(value), basis: key.slice(0, length), samples: remaining.length };
    if (remaining.length >= model.options.minSamples) return prediction;
    fallback ??= prediction;
  }
  return fallback;
}
