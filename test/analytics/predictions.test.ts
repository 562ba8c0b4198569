/**
 * Predicted close dates on real Postgres: learned from seeded closed cases in working time on the
 * service-complaint calendar (la-city), stored, conditioned on time already open, and scored when the
 * case closes against its SLA due date.
 */
import { createDefinitionCache } from '../../api/services/definition-cache';
import { createPredictionService } from '../../api/services/prediction-service';
import { predictionsFor } from '../../db';
import { addWorkingTime } from '../../interpreter';
import type { TestDatabase } from '../db/support/test-database';
import { seedCaseHistory } from '../support/seed-case-history';
import { analyticsDatabase, principal } from './support';

const H = 3_600_000;

describe('predicted resolution service', () => {
  let t: TestDatabase;
  let now = new Date('2026-03-11T19:00:00Z'); // Wednesday 12:00 in Los Angeles (PDT)
  let service: ReturnType<typeof createPredictionService>;
  let openGraffiti: string;
  let openPothole: string;
  let calendar: Parameters<typeof addWorkingTime>[0];

  beforeAll(async () => {
    const setup = await analyticsDatabase();
    t = setup.t;
    calendar = setup.definition.calendars['la-city'];
    const monday = Date.parse('2026-03-02T16:00:00Z'); // Monday 08:00 PST
    // Thirty graffiti reports by phone closed after 1, 2, … 30 working hours.
    await seedCaseHistory(
      t.db,
      'service-complaint',
      Array.from({ length: 30 }, (_, i) => ({
        category: 'graffiti',
        channel: 'call',
        createdAt: new Date(monday),
        closedAt: new Date(addWorkingTime(calendar, monday, (i + 1) * H)),
      })),
    );
    [openGraffiti] = await seedCaseHistory(t.db, 'service-complaint', [
      {
        category: 'graffiti',
        channel: 'call',
        createdAt: new Date('2026-03-11T16:00:00Z'),
        slaDueAt: new Date('2026-03-13T00:00:00Z'),
      },
    ]);
    [openPothole] = await seedCaseHistory(t.db, 'service-complaint', [
      { category: 'pothole', channel: 'call', createdAt: new Date('2026-03-11T16:00:00Z') },
    ]);
    service = createPredictionService({
      db: t.db,
      clock: () => now,
      definitions: createDefinitionCache(t.db),
      refreshMinutes: 60,
    });
  });

  afterAll(async () => {
    await t.drop();
  });

  it('predicts from the same service, category and channel, given the working hours already passed', async () => {
    const predicted = await service.forCases([openGraffiti]);
    // Open 3 working hours (Wed 09:00–12:00): the 27 cases that took longer (4…30 h), 80th percentile 24.8 h.
    // 24.8 working hours from Wednesday 09:00: Wed 8 h, Thu 9 h, Fri 7.8 h → Friday 15:48 PDT.
    expect(predicted.get(openGraffiti)).toEqual({
      predictedCloseAt: new Date('2026-03-13T22:48:00Z'),
      basis: 'service-complaint / graffiti / call',
      samples: 27,
    });
  });

  it('falls back to the whole service for a category without history, and stores every prediction', async () => {
    const predicted = await service.forCases([openPothole]);
    expect(predicted.get(openPothole)?.basis).toBe('service-complaint');
    const stored = await predictionsFor(t.db, [openGraffiti, openPothole]);
    expect(stored.size).toBe(2);
  });

  it('scores the first predicted date of a closed case against its SLA due date', async () => {
    // Closed Friday 12:00 PDT: before the predicted 15:48 (3.8 working hours early), after the due Thursday 17:00 (4 h late).
    await t
      .db('cases')
      .where({ id: openGraffiti })
      .update({ closed_at: new Date('2026-03-13T19:00:00Z'), status: 'closed' });
    now = new Date('2026-03-16T19:00:00Z');
    await service.refresh();
    expect((await predictionsFor(t.db, [openGraffiti])).get(openGraffiti)?.firstPredictedCloseAt).toEqual(
      new Date('2026-03-13T22:48:00Z'),
    );
    const accuracy = await service.accuracy(principal(['program-manager']));
    expect(accuracy.model).toEqual({
      cases: 1,
      shareClosedByPredicted: 1,
      medianAbsoluteErrorHours: expect.closeTo(3.8, 6) as number,
    });
    expect(accuracy.baseline).toEqual({ cases: 1, shareClosedByPredicted: 0, medianAbsoluteErrorHours: 4 });
    expect((await service.forCases([openGraffiti])).has(openGraffiti)).toBe(false);
  });

  it('shows the accuracy report only to those who read reports', async () => {
    await expect(service.accuracy(principal(['staff']))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
