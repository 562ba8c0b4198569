import { scorePredictions } from './prediction-accuracy';

const H = 3_600_000;

describe('prediction accuracy', () => {
  it('counts the share closed by the predicted time and the median absolute error in hours', () => {
    const figures = scorePredictions([
      { actualWorkingMs: 2 * H, predictedWorkingMs: 4 * H }, // on time, error 2
      { actualWorkingMs: 4 * H, predictedWorkingMs: 4 * H }, // on time (at the predicted time), error 0
      { actualWorkingMs: 10 * H, predictedWorkingMs: 4 * H }, // late, error 6
    ]);
    expect(figures).toEqual({ cases: 3, shareClosedByPredicted: 2 / 3, medianAbsoluteErrorHours: 2 });
  });

  it('has no figures without cases', () => {
    expect(scorePredictions([])).toEqual({ cases: 0, shareClosedByPredicted: null, medianAbsoluteErrorHours: null });
  });
});
