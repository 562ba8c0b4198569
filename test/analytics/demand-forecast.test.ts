/**
 * The demand forecast service on real Postgres: a steady weekly rhythm of seeded requests (three on
 * Mondays, one on other weekdays, none at weekends, in Los Angeles time) is forecast exactly, with no
 * error on the held-out weeks; another department's requests are not counted.
 */
import { createDefinitionCache } from '../../api/services/definition-cache';
import { createForecastService } from '../../api/services/forecast-service';
import { instantOfLocal, localEpochDay, weekdayOfEpochDay, zoneOf } from '../../interpreter/local-time';
import type { TestDatabase } from '../db/support/test-database';
import { seedCaseHistory, type SeededCase } from '../support/seed-case-history';
import { analyticsDatabase, principal } from './support';

describe('demand forecast service', () => {
  let t: TestDatabase;
  const zone = zoneOf('America/Los_Angeles');
  const now = new Date('2026-03-18T20:00:00Z'); // Wednesday
  const today = localEpochDay(now.getTime(), zone);

  beforeAll(async () => {
    t = (await analyticsDatabase()).t;
    const cases: SeededCase[] = [];
    for (let day = today - 12 * 7; day < today; day++) {
      const weekday = weekdayOfEpochDay(day); // 0 = Monday
      const count = weekday === 0 ? 3 : weekday < 5 ? 1 : 0;
      for (let i = 0; i < count; i++)
        cases.push({
          category: 'pothole',
          createdAt: new Date(instantOfLocal(day, 9 * 60 + i, zone)),
          departmentId: 'street-services',
        });
    }
    // Requests today (incomplete day) and of another department count for nobody here.
    cases.push({ category: 'pothole', createdAt: new Date(now.getTime() - 60_000), departmentId: 'street-services' });
    cases.push({
      category: 'graffiti',
      createdAt: new Date(instantOfLocal(today - 3, 600, zone)),
      departmentId: 'community-beautification',
    });
    await seedCaseHistory(t.db, 'service-complaint', cases);
  });

  afterAll(async () => {
    await t.drop();
  });

  it('forecasts the weekly rhythm for the next four weeks and reports its held-out error', async () => {
    const service = createForecastService({
      db: t.db,
      clock: () => now,
      definitions: createDefinitionCache(t.db),
      timeZone: 'America/Los_Angeles',
    });
    const forecast = await service.forecast(principal(['supervisor'], 'street-services'));
    expect(forecast.weekStarts).toEqual(['2026-03-18', '2026-03-25', '2026-04-01', '2026-04-08']);
    expect(forecast.services.map((s) => s.code)).toEqual(['service-complaint:pothole']);
    const [pothole] = forecast.services;
    expect(pothole.recentWeeks).toEqual([7, 7, 7, 7]);
    expect(pothole.nextWeeks.map((n) => Math.round(n * 1000) / 1000)).toEqual([7, 7, 7, 7]);
    expect(pothole.error).toMatchObject({
      meanAbsoluteError: 0,
      meanAbsolutePercentageError: 0,
      naiveMeanAbsoluteError: 0,
    });
  });

  it('is for those who read reports', async () => {
    const service = createForecastService({
      db: t.db,
      clock: () => now,
      definitions: createDefinitionCache(t.db),
      timeZone: 'America/Los_Angeles',
    });
    await expect(service.forecast(principal(['staff'], 'street-services'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
