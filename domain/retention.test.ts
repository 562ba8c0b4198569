import { disposalDate, isDueForDisposal } from './retention';

describe('disposal dates from retention classes', () => {
  const closed = new Date('2026-03-15T17:30:00Z');

  it('adds the class period to the closing date', () => {
    expect(disposalDate(closed, 'P3Y')?.toISOString()).toBe('2029-03-15T17:30:00.000Z');
    expect(disposalDate(closed, 'P1Y6M')?.toISOString()).toBe('2027-09-15T17:30:00.000Z');
    expect(disposalDate(closed, 'P2W3D')?.toISOString()).toBe('2026-04-01T17:30:00.000Z');
  });

  it('never disposes of a permanent record or one with an unreadable period', () => {
    expect(disposalDate(closed, 'permanent')).toBeNull();
    expect(disposalDate(closed, 'P')).toBeNull();
    expect(disposalDate(closed, '3 years')).toBeNull();
    expect(isDueForDisposal(closed, 'permanent', new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });

  it('is due from the disposal instant on, not before', () => {
    expect(isDueForDisposal(closed, 'P1Y', new Date('2027-03-15T17:29:59Z'))).toBe(false);
    expect(isDueForDisposal(closed, 'P1Y', new Date('2027-03-15T17:30:00Z'))).toBe(true);
  });
});
