import { predictResolution, trainResolutionModel } from './resolution-model';

const H = 3_600_000;
const samples = (key: string[], hours: number[]) => hours.map((h) => ({ key, workingMs: h * H }));

describe('resolution model', () => {
  const model = trainResolutionModel(
    [
      ...samples(['complaint', 'graffiti', 'call'], [1, 2, 3, 4, 5]),
      ...samples(['complaint', 'graffiti', 'staff-report'], [0, 0, 0]),
      ...samples(['complaint', 'pothole', 'call'], [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
    ],
    { quantile: 0.5, minSamples: 5 },
  );

  it('takes the quantile of the most specific key with enough cases', () => {
    expect(predictResolution(model, ['complaint', 'graffiti', 'call'])).toEqual({
      workingMs: 3 * H,
      basis: ['complaint', 'graffiti', 'call'],
      samples: 5,
    });
  });

  it('falls back to the parent key when a group is too small', () => {
    // graffiti/staff-report has 3 cases (< 5): graffiti as a whole has 8 (0,0,0,1,2,3,4,5) → median 1.5 h.
    expect(predictResolution(model, ['complaint', 'graffiti', 'staff-report'])).toEqual({
      workingMs: 1.5 * H,
      basis: ['complaint', 'graffiti'],
      samples: 8,
    });
  });

  it('conditions on the working time already passed', () => {
    // pothole open for 45 h: cases that took longer are 50..100 → median 75 h.
    expect(predictResolution(model, ['complaint', 'pothole', 'call'], 45 * H)?.workingMs).toBe(75 * H);
  });

  it('uses a thin group rather than nothing when no parent has enough cases', () => {
    // Open 95 h: only the 100 h case is longer, at every level.
    expect(predictResolution(model, ['complaint', 'pothole', 'call'], 95 * H)).toEqual({
      workingMs: 100 * H,
      basis: ['complaint', 'pothole', 'call'],
      samples: 1,
    });
  });

  it('has no prediction for an unknown service or a case older than every closed one', () => {
    expect(predictResolution(model, ['permit', 'x'])).toBeUndefined();
    expect(predictResolution(model, ['complaint', 'pothole', 'call'], 200 * H)).toBeUndefined();
  });

  it('refuses options that cannot make a prediction', () => {
    expect(() => trainResolutionModel([], { quantile: 1, minSamples: 5 })).toThrow(RangeError);
    expect(() => trainResolutionModel([], { quantile: 0.5, minSamples: 0 })).toThrow(RangeError);
  });
});
