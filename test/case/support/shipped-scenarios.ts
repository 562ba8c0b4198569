/**
 * One test per shipped scenario of a process. Each scenario runs on its own embedded server whose
 * virtual clock starts at the scenario's instant (time only moves forward), with its own worker; the
 * scenarios run a few at a time in beforeAll and each test then checks its own run.
 */
import { getCase, verifyAuditChain } from '../../../db';
import type { CaseRecord } from '../../../domain/case';
import type { AuditChainVerification } from '../../../domain/audit';
import type { ScenarioDocument } from '../../../domain/definition';
import { createTestDatabase, shippedDefinition, startCaseServer, caseBundle, type TestDatabase } from './case-harness';
import { driveScenario, scenarioStart, type ScenarioRun } from './scenario-driver';

const CONCURRENCY = 4;

interface Checked {
  run?: ScenarioRun;
  error?: unknown;
  record?: CaseRecord;
  chain?: AuditChainVerification;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

export function describeShippedScenarios(id: 'building-permit' | 'service-complaint' | 'benefit-application', only?: (scenario: ScenarioDocument, index: number) => boolean): void {
  const definition = shippedDefinition(id);
  const scenarios = definition.scenarios.filter((s, i) => !only || only(s, i));
  describe(`${id}: shipped scenarios through the real case workflow`, () => {
    let t: TestDatabase;
    const results = new Map<string, Checked>();

    beforeAll(async () => {
      t = await createTestDatabase();
      await caseBundle();
      await pool(scenarios, CONCURRENCY, async (scenario) => {
        const checked: Checked = {};
        results.set(scenario.name, checked);
        const env = await startCaseServer({ startAt: scenarioStart(scenario), frozen: true });
        try {
          const worker = await env.newWorker({ db: t.db });
          checked.run = await worker.runUntil(driveScenario(env, t.db, definition, scenario));
          checked.record = await getCase(t.db, checked.run.caseId);
          checked.chain = await verifyAuditChain(t.db, checked.run.caseId);
        } catch (error) {
          checked.error = error;
        } finally {
          await env.close();
        }
      });
    }, 120_000);

    afterAll(async () => {
      await t?.drop();
    });

    it('has scenarios to run', () => {
      expect(scenarios.length).toBeGreaterThan(0);
    });

    for (const scenario of scenarios) {
      it(`${scenario.name} → ${scenario.expect.outcome ?? (scenario.expect.open ? 'open' : 'end')}`, () => {
        const checked = results.get(scenario.name);
        if (checked?.error) throw checked.error;
        const run = checked?.run;
        expect(run).toBeDefined();
        expect(run!.failures).toEqual([]);
        // The read model and the audit trail were written by the activities, in Postgres.
        expect(checked!.record?.definitionVersion).toBe(definition.version);
        expect(checked!.record?.definitionHash).toBe(definition.hash);
        expect(checked!.record?.projectionSequence).toBe(run!.summary.sequence);
        if (scenario.expect.outcome) expect(checked!.record?.outcome).toBe(scenario.expect.outcome);
        expect(checked!.chain).toMatchObject({ ok: true });
        expect(checked!.chain!.entriesChecked).toBe(run!.timeline.length);
      });
    }
  });
}
