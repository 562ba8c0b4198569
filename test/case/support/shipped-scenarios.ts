/** One test per shipped scenario of a process, each on its own embedded server started at the scenario's instant. */
import { getCase, verifyAuditChain } from '../../../db';
import { createTestDatabase, shippedDefinition, startCaseServer, type TestDatabase } from './case-harness';
import { driveScenario, scenarioStart } from './scenario-driver';

export function describeShippedScenarios(id: 'building-permit' | 'service-complaint' | 'benefit-application'): void {
  const definition = shippedDefinition(id);
  describe(`${id}: every shipped scenario through the real case workflow`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase();
    });
    afterAll(async () => {
      await t?.drop();
    });

    it('has scenarios to run', () => {
      expect(definition.scenarios.length).toBeGreaterThan(0);
    });

    for (const scenario of definition.scenarios) {
      it(`${scenario.name} → ${scenario.expect.outcome ?? (scenario.expect.open ? 'open' : 'end')}`, async () => {
        const env = await startCaseServer({ startAt: scenarioStart(scenario) });
        try {
          const worker = await env.newWorker({ db: t.db });
          const run = await worker.runUntil(driveScenario(env, t.db, definition, scenario));
          expect(run.failures).toEqual([]);
          const record = await getCase(t.db, run.caseId);
          expect(record?.definitionVersion).toBe(definition.version);
          expect(record?.definitionHash).toBe(definition.hash);
          expect(record?.projectionSequence).toBe(run.summary.sequence);
          if (scenario.expect.outcome) expect(record?.outcome).toBe(scenario.expect.outcome);
          const chain = await verifyAuditChain(t.db, run.caseId);
          expect(chain).toMatchObject({ ok: true });
        } finally {
          await env.close();
        }
      });
    }
  });
}
