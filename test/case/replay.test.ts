/**
 * Recorded histories of the three shipped processes (test/fixtures/histories, written by
 * support/record-histories.ts) must replay cleanly against the current workflow and interpreter code:
 * a change that would alter what a running case does fails here before it reaches production.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { caseBundle, quietRuntime } from './support/case-harness';
import { HISTORIES_DIR } from './support/record-histories';

interface Recorded {
  workflowId: string;
  history: Record<string, unknown>;
}

const files = fs
  .readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (file: string): Recorded =>
  JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as Recorded;
const toHistory = (recorded: Recorded) => temporal.api.history.v1.History.fromObject(recorded.history);

describe('replay of recorded case histories', () => {
  beforeAll(async () => {
    quietRuntime();
    await caseBundle();
  }, 60_000);

  it('has a history of every shipped process', () => {
    for (const id of ['building-permit', 'service-complaint', 'benefit-application'])
      expect(files.some((f) => f.startsWith(`${id}.`))).toBe(true);
  });

  for (const file of files) {
    it(`replays ${file}`, async () => {
      const recorded = load(file);
      await expect(
        Worker.runReplayHistory({ workflowBundle: await caseBundle() }, toHistory(recorded), recorded.workflowId),
      ).resolves.toBeUndefined();
    });
  }

  it('fails on a history the workflow would not have produced (a signal it never knew)', async () => {
    const recorded = load(files[0]);
    const events = recorded.history.events as {
      eventType: string;
      workflowExecutionSignaledEventAttributes?: { signalName: string };
    }[];
    const signal = events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');
    expect(signal).toBeDefined();
    signal!.workflowExecutionSignaledEventAttributes!.signalName = 'noSuchSignal';
    await expect(
      Worker.runReplayHistory({ workflowBundle: await caseBundle() }, toHistory(recorded), recorded.workflowId),
    ).rejects.toThrow();
  });
});
