/**
 * One test per shipped scenario of a process, one test file per process. Each scenario runs on its own
 * embedded server whose virtual clock starts at the scenario's instant (time only moves forward), with
 * its own worker. The tests run concurrently (jest's maxConcurrency at a time, see jest.config.js), each
 * with its own timeout, which is what the hand-split -1/-2/-3 files used to get from jest's two workers.
 * After them (jest runs a file's later tests once its concurrent group is done), the runs together must
 * cover the definition through the real workflow as the simulator's runs do in
 * process-definitions/shipped-definitions.test.ts: a path only the simulator takes would show here.
 */
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { getCase, verifyAuditChain } from '../../../db';
import type { CompiledDefinition } from '../../../domain/definition';
import { coverageOf, type CoverageRun } from '../../../simulator/timeline-format';
import { createTestDatabase, shippedDefinition, startCaseServer, caseBundle, type TestDatabase } from './case-harness';
import { driveScenario, scenarioStart, type ScenarioRun } from './scenario-driver';

interface Covered extends CoverageRun {
  outcome: string | undefined;
}

/** What a run through the workflow entered, took and reached, from the audit trail it wrote. */
function coveredBy(run: ScenarioRun): Covered {
  return {
    stepsEntered: run.timeline.flatMap((e) => (e.type === 'step-entered' && e.step ? [e.step] : [])),
    actionsTaken: run.timeline.flatMap((e) =>
      e.type === 'action-taken' && e.step && e.action ? [`${e.step}.${e.action}`] : [],
    ),
    outcome: run.summary.outcome?.id,
  };
}

/** The runs of every scenario; a scenario that failed before its run ended is named, so coverage is not judged on part of them. */
function everyRun(definition: CompiledDefinition, runs: ReadonlyMap<string, Covered>): Covered[] {
  expect(definition.scenarios.map((s) => s.name).filter((name) => !runs.has(name))).toEqual([]);
  return [...runs.values()];
}

export function describeShippedScenarios(id: 'building-permit' | 'service-complaint' | 'benefit-application'): void {
  const definition = shippedDefinition(id);
  describe(`${id}: shipped scenarios through the real case workflow`, () => {
    let t: TestDatabase;
    const runs = new Map<string, Covered>();
    const histories = new Map<string, { workflowId: string; history: temporal.api.history.v1.IHistory }>();

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
            histories.set(scenario.name, {
              workflowId: run.caseId,
              history: await env.client.workflow.getHandle(run.caseId).fetchHistory(),
            });
          } finally {
            await env.close();
          }
          runs.set(scenario.name, coveredBy(run));
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

    // Each run's worker kept its cases in its cache: replaying from the history alone is what a
    // worker that restarts, or evicts the case, does. Local activities and timers must interleave alike.
    it("every run's history replays on the workflow code", async () => {
      expect(definition.scenarios.map((s) => s.name).filter((name) => !histories.has(name))).toEqual([]);
      const failed: string[] = [];
      for await (const result of Worker.runReplayHistories({ workflowBundle: await caseBundle() }, histories.values()))
        if (result.error) failed.push(`${result.workflowId}: ${String(result.error)}`);
      expect(failed).toEqual([]);
    }, 120_000);

    it('together the runs enter every step of the definition', () => {
      const coverage = coverageOf(definition, everyRun(definition, runs));
      expect(coverage.steps.missed).toEqual([]);
      expect(coverage.steps.covered).toBe(Object.keys(definition.steps).length);
    });

    it('together the runs take every action of every human step and reach every outcome', () => {
      const covered = everyRun(definition, runs);
      expect(coverageOf(definition, covered).actions.missed).toEqual([]);
      const reached = new Set(covered.map((c) => c.outcome));
      expect(Object.keys(definition.outcomes).filter((o) => !reached.has(o))).toEqual([]);
    });
  });
}
