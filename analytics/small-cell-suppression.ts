/**
 * Disclosure control for published figures: a cell resting on fewer than `threshold` cases could
 * point at a person (the only bulky-item pickup in a district in March), so it is withheld. Pure.
 *
 * Primary suppression withholds every count from 1 to threshold − 1 (zero identifies nobody). When a
 * group's total is published and exactly one of its cells is withheld, subtraction would give it
 * back, so the smallest other non-zero cell is withheld too (complementary suppression).
 */

export function isSmallCount(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

/** Which counts of one group (whose total is published) to withhold. */
export function suppressedCells(counts: readonly number[], threshold: number): boolean[] {
  const hidden = counts.map((count) => isSmallCount(count, threshold));
  if (hidden.filter(Boolean).length === 1) {
    let complement = -1;
    counts.forEach((count, i) => {
      if (!hidden[i] && count > 0 && (complement < 0 || count < counts[complement])) complement = i;
    });
    if (complement >= 0) hidden[complement] = true;
  }
  return hidden;
}
