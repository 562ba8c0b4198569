import path from 'node:path';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { runScenario } from '../../simulator/scenario-runner';
import { runLifecycle, type LifecycleScript } from './fixtures/lifecycle';
import { loadDefinition } from './support';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const json = (value: unknown) => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});

/** A one-task history: started, one workflow task, completed with `result`. */
function history(args: unknown[], result: unknown, workflowType = 'workingTimeWorkflow') {
  const at = { seconds: Date.parse('2026-03-02T09:00:00Z') / 1000 };
  const tenSeconds = { seconds: 10 };
  return temporal.api.history.v1.History.fromObject({
    events: [
      {
        eventId: '1',
        eventTime: at,
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
        workflowExecutionStartedEventAttributes: {
          workflowType: { name: workflowType },
          taskQueue: { name: 'bundle-check' },
          input: { payloads: args.map(json) },
          workflowTaskTimeout: tenSeconds,
          originalExecutionRunId: 'run-1',
          firstExecutionRunId: 'run-1',
          attempt: 1,
        },
      },
      {
        eventId: '2',
        eventTime: at,
        eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
        workflowTaskScheduledEventAttributes: {
          taskQueue: { name: 'bundle-check' },
          startToCloseTimeout: tenSeconds,
          attempt: 1,
        },
      },
      {
        eventId: '3',
        eventTime: at,
        eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
        workflowTaskStartedEventAttributes: { scheduledEventId: '2', identity: 'test', requestId: 'r1' },
      },
      {
        eventId: '4',
        eventTime: at,
        eventType: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
        workflowTaskCompletedEventAttributes: { scheduledEventId: '2', startedEventId: '3', identity: 'test' },
      },
      {
        eventId: '5',
        eventTime: at,
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
        workflowExecutionCompletedEventAttributes: {
          result: { payloads: [json(result)] },
          workflowTaskCompletedEventId: '4',
        },
      },
    ],
  });
}

// The working-time module (with its tz database) must bundle for Temporal's workflow sandbox and give
// the same answer there: bundleWorkflowCode fails on Node built-ins, and the replay runs the code in
// the real sandbox (the workflow throws — a different command — when the answer is wrong).
describe('working time inside the workflow sandbox', () => {
  let code: string;
  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    ({ code } = await bundleWorkflowCode({
      workflowsPath: path.join(__dirname, 'fixtures', 'working-time.workflow.ts'),
      logger: silent,
    }));
  });

  it('bundles with @temporalio/worker and carries the tz database', () => {
    expect(code).toContain('workingTimeWorkflow');
    expect(code).toContain('Europe/Amsterdam');
  });

  // Monday 2 March 2026 10:00 CET + 3 working days (Mondays and Friday mornings only): Fri 6 Mar 12:00,
  // Mon 9 Mar 17:00, Fri 13 Mar 12:00 CET.
  const start = Date.parse('2026-03-02T10:00:00+01:00');
  it('computes the right due date when replayed in the sandbox', async () => {
    const expected = '2026-03-13T11:00:00.000Z';
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code } }, history([start, expected], expected), 'wt-ok'),
    ).resolves.toBeUndefined();
  });

  it('the replay check can fail: a wrong expectation fails the workflow task with the sandbox answer', async () => {
    const wrong = '2026-03-13T12:00:00.000Z';
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code } }, history([start, wrong], wrong), 'wt-wrong'),
    ).rejects.toThrow('expected 2026-03-13T12:00:00.000Z, got 2026-03-13T11:00:00.000Z');
  });

  // Each shipped process: the interpreter calls of its longest scenario, replayed inside the sandbox.
  it.each(['building-permit', 'service-complaint', 'benefit-application'])(
    'the interpreter gives the same answers inside the sandbox: %s',
    async (name) => {
      const definition = loadDefinition(`process-definitions/${name}.yaml`);
      const reports = definition.scenarios.map((s) => ({
        scenario: s,
        report: runScenario(definition, s, { trace: true }),
      }));
      const { scenario, report } = reports.reduce((a, b) =>
        (b.report.trace?.length ?? 0) > (a.report.trace?.length ?? 0) ? b : a,
      );
      expect(report.passed).toBe(true);
      const script: LifecycleScript = {
        input: { caseId: `scenario-${scenario.name}`, data: scenario.data ?? {} },
        startMs: Date.parse(scenario.startAt ?? '2026-01-05T09:00:00Z'),
        events: (report.trace ?? []).map(({ event, nowMs }) => ({ event, nowMs })),
      };
      expect(script.events.length).toBeGreaterThan(3);
      const expected = runLifecycle(definition, script);
      await expect(
        Worker.runReplayHistory(
          { workflowBundle: { code } },
          history([definition, script, expected], expected.length, 'interpreterWorkflow'),
          `interp-${name}`,
        ),
      ).resolves.toBeUndefined();
    },
  );
});
