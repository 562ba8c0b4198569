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

  it('has, for every shipped process, histories of steps recorded and notices prepared both ways', () => {
    // How each of the two ran: a local activity is a marker naming its type; an activity task is a scheduled event.
    const ranAs = (file: string): string => {
      const events = load(file).history.events as {
        markerRecordedEventAttributes?: { markerName: string; details?: { data?: { payloads: { data: string }[] } } };
        activityTaskScheduledEventAttributes?: { activityType: { name: string } };
      }[];
      const ways = new Set<string>();
      for (const e of events) {
        const scheduled = e.activityTaskScheduledEventAttributes?.activityType.name;
        if (scheduled === 'recordCaseStep' || scheduled === 'prepareNotification') ways.add(`${scheduled}: task`);
        const marker = e.markerRecordedEventAttributes;
        if (marker?.markerName !== 'core_local_activity') continue;
        const data = JSON.parse(Buffer.from(marker.details!.data!.payloads[0].data, 'base64').toString('utf8')) as {
          activity_type: string;
        };
        ways.add(`${data.activity_type}: local`);
      }
      return [...ways].sort().join(', ');
    };
    for (const id of ['building-permit', 'service-complaint', 'benefit-application']) {
      const ways = files.filter((f) => f.startsWith(`${id}.`)).map(ranAs);
      expect(ways).toContain('prepareNotification: local, recordCaseStep: local');
      expect(ways).toContain('prepareNotification: task, recordCaseStep: task');
    }
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
