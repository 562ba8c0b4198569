/**
 * One test per shipped scenario of a process, one test file per process. Each scenario runs on its own
 * embedded server whose virtual clock starts at the scenario's instant (time only moves forward), with
 * its own worker. The tests run concurrently (jest's maxConcurrency at a time, see jest.config.js), each
 * with its own timeout, which is what the hand-split -1/-2/-3 files used to get from jest's two workers.
 */
import { getCase, verifyAuditChain } from '../../../db';
import { createTestDatabase, shippedDefinition, startCaseServer, caseBundle, type TestDatabase } from './case-harness';
import { driveScenario, scenarioStart, type ScenarioRun } from './scenario-driver';

export function describeShippedScenarios(id: 'building-permit' | 'service-complaint' | 'benefit-application'): void {
  const definition = shippedDefinition(id);
  describe(`${id}: shipped scenarios through the real case workflow`, () => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await createTestDatabase();
      await caseBundle();
    }, 120_000);

    afterAll(async () => {
      await t?.drop();
    });

    it('has scenarios to run', () => {
      expect(definition.scenarios.length).toBeGreaterThan(0);
    });

    for (const scenario of definition.scenarios) {
      it.concurrent(
        `${scenario.name} → ${scenario.expect.outcome ?? (scenario.expect.open ? 'open' : 'end')}`,
        async () => {
          const env = await startCaseServer({ startAt: scenarioStart(scenario), frozen: true });
          let run: ScenarioRun;
          try {
            const worker = await env.newWorker({ db: t.db });
            run = await worker.runUntil(driveScenario(env, t.db, definition, scenario));
          } finally {
            await env.close();
          }
          const record = await getCase(t.db, run.caseId);
          const chain = await verifyAuditChain(t.db, run.caseId);
          expect(run.failures).toEqual([]);
          // The read model and the audit trail were written by the activities, in Postgres.
          expect(record?.definitionVersion).toBe(definition.version);
          expect(record?.definitionHash).toBe(definition.hash);
          expect(record?.projectionSequence).toBe(run.summary.sequence);
          if (scenario.expect.outcome) expect(record?.outcome).toBe(scenario.expect.outcome);
          expect(chain).toMatchObject({ ok: true });
          expect(chain.entriesChecked).toBe(run.timeline.length);
        },
        120_000,
      );
    }
  });
}
