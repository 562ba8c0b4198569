import { isSmallCount, suppressedCells } from './small-cell-suppression';

describe('small-cell suppression', () => {
  it('withholds counts from 1 to threshold − 1, never zero', () => {
    expect([0, 1, 4, 5].map((n) => isSmallCount(n, 5))).toEqual([false, true, true, false]);
  });

  it('withholds the smallest other non-zero cell when only one would be withheld', () => {
    expect(suppressedCells([20, 3, 0, 9, 40], 5)).toEqual([false, true, false, true, false]);
  });

  it('withholds more cells while the withheld ones add up to less than the threshold (total − published = 2 gives 1 + 1 away)', () => {
    expect(suppressedCells([20, 1, 1, 40], 5)).toEqual([true, true, true, false]);
    expect(suppressedCells([7, 1, 1, 1, 6], 5)).toEqual([false, true, true, true, true]);
  });

  it('needs no complement when the withheld cells add up to the threshold, or when nothing is withheld', () => {
    expect(suppressedCells([20, 3, 2, 40], 5)).toEqual([false, true, true, false]);
    expect(suppressedCells([20, 30], 5)).toEqual([false, false]);
  });
});
