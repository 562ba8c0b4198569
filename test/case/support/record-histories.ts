/**
 * Records the case workflow's history for one rich scenario of each shipped process into
 * test/fixtures/histories/<process>.<scenario>.json, for the replay test. Run it again after an
 * intentional change of the workflow or the interpreter that running cases may not see:
 *   node -r ts-node/register/transpile-only test/case/support/record-histories.ts
 * The *.unpacked-definition.json files were recorded before start inputs carried the definition
 * packed (workflows/packed-definition.ts), and the *.recorded-by-activity-task.json files before steps
 * were recorded and notices prepared by local activities (patches `record-case-step-locally` and
 * `prepare-notification-locally`); they stay, so that the cases
 * started then keep replaying.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { createTestDatabase, shippedDefinition, startCaseServer } from './case-harness';
import { driveScenario, scenarioStart } from './scenario-driver';

export const RECORDED: readonly {
  process: 'building-permit' | 'service-complaint' | 'benefit-application';
  scenario: string;
}[] = [
  { process: 'building-permit', scenario: 'slow-zoning-review-escalated-clock-extended' },
  { process: 'building-permit', scenario: 'denied-both-reviews-object' },
  { process: 'service-complaint', scenario: 'illegal-dumping-reopened' },
  { process: 'benefit-application', scenario: 'large-benefit-four-eyes' },
];

export const HISTORIES_DIR = path.join(__dirname, '..', '..', 'fixtures', 'histories');

async function main(): Promise<void> {
  const t = await createTestDatabase();
  try {
    for (const { process: id, scenario: name } of RECORDED) {
      const definition = shippedDefinition(id);
      const scenario = definition.scenarios.find((s) => s.name === name);
      if (!scenario) throw new Error(`${id} has no scenario ${name}`);
      const env = await startCaseServer({ startAt: scenarioStart(scenario), frozen: true });
      try {
        const worker = await env.newWorker({ db: t.db });
        const run = await worker.runUntil(driveScenario(env, t.db, definition, scenario));
        if (run.failures.length > 0)
          throw new Error(
            `${id}/${name}: ${run.failures.join('; ')}\n${run.timeline.map((e) => `${e.at} ${e.type} ${e.step ?? ''} ${e.level ?? ''}`).join('\n')}`,
          );
        const history = await env.client.workflow.getHandle(run.caseId).fetchHistory();
        const file = path.join(HISTORIES_DIR, `${id}.${name}.json`);
        const plain = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
          longs: String,
          enums: String,
          bytes: String,
        });
        fs.writeFileSync(file, `${JSON.stringify({ workflowId: run.caseId, history: plain })}\n`);
        console.log(`recorded ${file} (${history.events?.length ?? 0} events)`);
      } finally {
        await env.close();
      }
    }
  } finally {
    await t.drop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
