import { backtestForecast, forecastDaily, weeklyTotals } from './demand-forecast';

/** `weeks` weeks of a weekly pattern (Monday first), optionally scaled per week. */
const weeksOf = (pattern: number[], weeks: number, scale: (week: number) => number = () => 1) =>
  Array.from({ length: weeks }, (_, w) => pattern.map((n) => n * scale(w))).flat();

describe('demand forecast', () => {
  const pattern = [10, 8, 8, 8, 12, 2, 1];

  it('repeats a stable weekly pattern exactly, starting from the right weekday', () => {
    const history = weeksOf(pattern, 6).slice(0, 41); // ends on a Saturday: the forecast starts on Sunday
    const forecast = forecastDaily(history, 14);
    expect(forecast.slice(0, 3)).toEqual([1, 10, 8]);
    expect(weeklyTotals(forecast)).toEqual([49, 49]);
  });

  it('weighs recent weeks more, so a rising level shows through', () => {
    const history = weeksOf(pattern, 8, (w) => 1 + w / 4);
    const nextMonday = forecastDaily(history, 1, { weeks: 8, decay: 0.5 })[0];
    const flatMean = history.filter((_, i) => i % 7 === 0).reduce((a, b) => a + b, 0) / 8;
    expect(nextMonday).toBeGreaterThan(flatMean);
    expect(nextMonday).toBeLessThanOrEqual(10 * (1 + 7 / 4));
  });

  it('forecasts zeros from no history and refuses nonsense options', () => {
    expect(forecastDaily([], 3)).toEqual([0, 0, 0]);
    expect(() => forecastDaily([1], 1, { weeks: 0, decay: 0.5 })).toThrow(RangeError);
    expect(() => forecastDaily([1], 1, { weeks: 4, decay: 0 })).toThrow(RangeError);
  });

  it('scores the held-out weeks against the naive forecast', () => {
    const history = [...weeksOf(pattern, 8), ...weeksOf(pattern, 4, () => 2)];
    const error = backtestForecast(history, 4, { weeks: 8, decay: 1 })!;
    expect(error.weeks).toEqual(Array(4).fill({ forecast: 49, actual: 98 }));
    expect(error.meanAbsoluteError).toBe(49);
    expect(error.meanAbsolutePercentageError).toBe(0.5);
    expect(error.naiveMeanAbsoluteError).toBe(49);
  });

  it('cannot score a history shorter than the held-out weeks plus one', () => {
    expect(backtestForecast(weeksOf(pattern, 4), 4)).toBeUndefined();
  });
});
