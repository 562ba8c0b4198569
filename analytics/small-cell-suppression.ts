/**
 * Disclosure control for published figures: a cell resting on fewer than `threshold` cases could
 * point at a person (the only bulky-item pickup in a district in March), so it is withheld. Pure.
 *
 * Primary suppression withholds every count from 1 to threshold − 1 (zero identifies nobody). When a
 * group's total is published, subtraction gives back the sum of its withheld cells: one withheld cell
 * exactly, and two withheld months of one request each as "2 = 1 + 1". So while the withheld cells
 * add up to less than the threshold, the smallest other non-zero cell is withheld too
 * (complementary suppression); the withheld sum then never narrows a cell down to a small count.
 */

export function isSmallCount(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

/** Which counts of one group (whose total is published) to withhold. */
export function suppressedCells(counts: readonly number[], threshold: number): boolean[] {
  const hidden = counts.map((count) => isSmallCount(count, threshold));
  const hiddenSum = () => counts.reduce((sum, count, i) => sum + (hidden[i] ? count : 0), 0);
  while (hidden.some(Boolean) && hiddenSum() < threshold) {
    let complement = -1;
    counts.forEach((count, i) => {
      if (!hidden[i] && count > 0 && (complement < 0 || count < counts[complement])) complement = i;
    });
    if (complement < 0) break;
    hidden[complement] = true;
  }
  return hidden;
}
