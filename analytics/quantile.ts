/** Order statistics shared by the prediction model, the accuracy report and the public figures. */

/** Linear-interpolation quantile (R type 7, numpy's default) of an ascending array; null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** The values sorted ascending, as a new array. */
export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Median of unsorted values; null when empty. */
export function median(values: readonly number[]): number | null {
  return quantile(ascending(values), 0.5);
}
