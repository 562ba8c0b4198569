import { parsePeriodQuery } from './supervise-period';

const now = new Date('2026-12-04T20:00:00Z');

describe('the dashboard period', () => {
  it('counts whole days in the agency time zone, both included', () => {
    const { query, period, errors } = parsePeriodQuery(
      new URLSearchParams('from=2025-03-01&to=2025-03-31'),
      now,
      'America/Los_Angeles',
    );
    expect(errors).toEqual([]);
    expect(query).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(period).toEqual({ from: new Date('2025-03-01T08:00:00Z'), to: new Date('2025-04-01T07:00:00Z') });
  });

  it('defaults to the 30 days up to today', () => {
    const { query } = parsePeriodQuery(new URLSearchParams(), now, 'America/Los_Angeles');
    expect(query).toEqual({ from: '2026-11-05', to: '2026-12-04' });
  });

  it('refuses dates that are not, back-to-front periods and long ones, keeping what was typed', () => {
    const bad = parsePeriodQuery(new URLSearchParams('from=2025-02-30&to=2025-03-31'), now, 'UTC');
    expect(bad.errors).toEqual([
      { field: 'period-from', message: 'The first day must be a real date written like 2026-11-30' },
    ]);
    expect(bad.typed).toEqual({ from: '2025-02-30', to: '2025-03-31' });
    expect(parsePeriodQuery(new URLSearchParams('from=2025-04-01&to=2025-03-31'), now, 'UTC').errors[0]?.message).toBe(
      'The first day must be on or before the last day',
    );
    expect(parsePeriodQuery(new URLSearchParams('from=2020-01-01&to=2025-03-31'), now, 'UTC').errors[0]?.message).toBe(
      'Choose a period of at most 400 days',
    );
  });
});
