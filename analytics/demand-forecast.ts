/**
 * Demand forecast: incoming requests per day for the coming weeks, from a daily history, with weekly
 * seasonality. Pure.
 *
 * Each weekday is forecast as the weighted mean of that weekday over the last `weeks` weeks, recent
 * weeks weighing more (weight `decay`^age): Mondays look like recent Mondays, and a rising or falling
 * level shows through quickly. The error is measured the honest way: hold out the last weeks of the
 * history, forecast them from what came before, and compare weekly totals (MAE and MAPE), next to the
 * naive "same as last week" forecast so a manager can see what the model adds.
 */

export interface ForecastOptions {
  /** Weeks of history each weekday's figure rests on. */
  weeks: number;
  /** 0 < decay ≤ 1: weight of a week relative to the week after it. */
  decay: number;
}

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = Object.freeze({ weeks: 8, decay: 0.8 });

export const DAYS_PER_WEEK = 7;

function check(options: ForecastOptions): void {
  if (!Number.isInteger(options.weeks) || options.weeks < 1)
    throw new RangeError(`weeks must be a positive integer, got ${options.weeks}`);
  if (!(options.decay > 0 && options.decay <= 1))
    throw new RangeError(`decay must lie in (0, 1], got ${options.decay}`);
}

/**
 * Forecast of the `horizonDays` days that follow `history` (consecutive daily counts, oldest first).
 * Day i of the forecast has the weekday of history day (history.length + i) mod 7, so callers need not
 * know weekdays: the history's own rhythm carries the seasonality. An empty history forecasts zeros.
 */
export function forecastDaily(
  history: readonly number[],
  horizonDays: number,
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
): number[] {
  check(options);
  const forecast: number[] = [];
  for (let i = 0; i < horizonDays; i++) {
    // The same weekday in past weeks: history indices n + i - 7k for k ≥ 1, skipping those in the horizon.
    let weighted = 0;
    let weights = 0;
    let age = 0;
    for (
      let index = history.length + (i % DAYS_PER_WEEK) - DAYS_PER_WEEK;
      index >= 0 && age < options.weeks;
      index -= DAYS_PER_WEEK, age++
    ) {
      const weight = options.decay ** age;
      weighted += weight * history[index];
      weights += weight;
    }
    forecast.push(weights === 0 ? 0 : weighted / weights);
  }
  return forecast;
}

/** Sums of consecutive 7-day blocks (a trailing partial week is dropped). */
export function weeklyTotals(daily: readonly number[]): number[] {
  const totals: number[] = [];
  for (let start = 0; start + DAYS_PER_WEEK <= daily.length; start += DAYS_PER_WEEK) {
    totals.push(daily.slice(start, start + DAYS_PER_WEEK).reduce((sum, n) => sum + n, 0));
  }
  return totals;
}

export interface ForecastError {
  /** Weekly totals of the held-out weeks: what was forecast and what came. */
  weeks: { forecast: number; actual: number }[];
  /** Mean absolute error of the weekly totals, in requests. */
  meanAbsoluteError: number;
  /** Mean absolute percentage error over weeks with requests (null when none had any). */
  meanAbsolutePercentageError: number | null;
  /** The same MAE for "next week = last week" (the naive seasonal forecast). */
  naiveMeanAbsoluteError: number;
}

/**
 * Holds out the last `heldOutWeeks` weeks of the history and scores the forecast of them made from the
 * days before. Undefined when the history is too short to leave at least one week to learn from.
 */
export function backtestForecast(
  history: readonly number[],
  heldOutWeeks: number,
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
): ForecastError | undefined {
  const heldOutDays = heldOutWeeks * DAYS_PER_WEEK;
  if (heldOutWeeks < 1 || history.length < heldOutDays + DAYS_PER_WEEK) return undefined;
  const train = history.slice(0, history.length - heldOutDays);
  const actual = weeklyTotals(history.slice(history.length - heldOutDays));
  const forecast = weeklyTotals(forecastDaily(train, heldOutDays, options));
  const lastWeek = weeklyTotals(train.slice(train.length - DAYS_PER_WEEK))[0];
  const weeks = actual.map((value, i) => ({ forecast: forecast[i], actual: value }));
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const withRequests = weeks.filter((w) => w.actual > 0);
  return {
    weeks,
    meanAbsoluteError: mean(weeks.map((w) => Math.abs(w.forecast - w.actual))),
    meanAbsolutePercentageError:
      withRequests.length === 0 ? null : mean(withRequests.map((w) => Math.abs(w.forecast - w.actual) / w.actual)),
    naiveMeanAbsoluteError: mean(actual.map((value) => Math.abs(lastWeek - value))),
  };
}
