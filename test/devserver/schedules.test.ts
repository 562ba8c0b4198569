// Schedules through the unmodified @temporalio/client schedule API, on virtual time that moves only
// by clock.advance: specs (calendar, cron, interval, zone, jitter, start/end), every operation,
// every overlap policy, remaining actions, pause on failure, memo and search attributes; every
// history the scheduled workflows produce is replayed.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptions,
} from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import { msToTs } from '@temporalio/common/lib/time';
import { startHarness, type Harness } from './support/devserver-harness';
import { waitFor } from '../support/until';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// 2030-01-07 is a Monday; virtual time starts at 00:00:30 UTC and moves only when a test advances it.
const START = Date.UTC(2030, 0, 7, 0, 0, 30);

let h: Harness;
let taskQueue: string;

beforeAll(async () => {
  h = await startHarness({ manualTime: true, startTimeMs: START });
  taskQueue = await h.sharedWorker({ greet: (name: string) => Promise.resolve(`hello ${name}`) });
});
afterAll(async () => {
  await h?.close();
});

let counter = 0;
const scheduleIds: string[] = [];
function newScheduleId(prefix: string): string {
  const id = `${prefix}-${++counter}`;
  scheduleIds.push(id);
  return id;
}

/** Creates a schedule whose workflows are tracked for replay, removed again at the end of the test. */
async function createSchedule(
  options: Omit<ScheduleOptions, 'scheduleId' | 'action'> & {
    action?: Partial<ScheduleOptions['action']>;
    id?: string;
  },
): Promise<ScheduleHandle> {
  const scheduleId = options.id ?? newScheduleId('sched');
  const { action, id: _id, ...rest } = options;
  return h.client.schedule.create({
    scheduleId,
    ...rest,
    action: {
      type: 'startWorkflow',
      workflowType: 'echo',
      args: ['tick'],
      taskQueue,
      workflowId: `${scheduleId}-wf`,
      ...action,
    },
  });
}

async function trackRuns(handle: ScheduleHandle): Promise<string[]> {
  const ids = (await handle.describe()).info.recentActions.map((a) => a.action.workflow.workflowId);
  for (const id of ids) h.track(id);
  return ids;
}

// Every schedule a test made is removed (its runs tracked first), then every run is replayed.
afterEach(async () => {
  for (const id of scheduleIds.splice(0)) {
    const handle = h.client.schedule.getHandle(id);
    await trackRuns(handle).catch(() => undefined);
    await handle.delete().catch(() => undefined);
  }
  expect(await h.replayAll()).toEqual([]);
});

describe('specs', () => {
  it('computes calendar times in a time zone, excludes, start/end and cron strings, and describes the compiled spec', async () => {
    const handle = await createSchedule({
      spec: {
        // 09:00 New York on weekdays (14:00 UTC in January), but never on Wednesdays.
        calendars: [
          { hour: 9, dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], comment: 'weekday mornings' },
        ],
        skip: [{ dayOfWeek: 'WEDNESDAY', hour: '*', minute: '*', second: '*' }],
        cronExpressions: ['30 12 * * SAT'],
        timezone: 'America/New_York',
        endAt: new Date(Date.UTC(2030, 0, 12)),
      },
      memo: { owner: 'ops' },
      searchAttributes: { CustomKeywordField: ['periodic'] },
    });
    const d = await handle.describe();
    expect(d.info.nextActionTimes.map((t) => t.toISOString())).toEqual([
      '2030-01-07T14:00:00.000Z',
      '2030-01-08T14:00:00.000Z',
      '2030-01-10T14:00:00.000Z',
      '2030-01-11T14:00:00.000Z',
    ]);
    expect(d.spec.timezone).toBe('America/New_York');
    expect(d.spec.calendars).toHaveLength(2);
    expect(d.spec.calendars?.[0].comment).toBe('weekday mornings');
    expect(d.memo).toEqual({ owner: 'ops' });
    expect(d.searchAttributes).toEqual({ CustomKeywordField: ['periodic'] });
    expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);

    const listed = [];
    for await (const s of h.client.schedule.list()) listed.push(s);
    expect(listed.map((s) => s.scheduleId)).toContain(handle.scheduleId);
    const entry = listed.find((s) => s.scheduleId === handle.scheduleId);
    expect(entry?.memo).toEqual({ owner: 'ops' });
    expect(entry?.action?.workflowType).toBe('echo');
    const filtered = [];
    for await (const s of h.client.schedule.list({ query: "CustomKeywordField = 'periodic'" }))
      filtered.push(s.scheduleId);
    expect(filtered).toEqual([handle.scheduleId]);
  });

  it('starts an interval schedule with jitter and a start time as time moves, with the server-style workflow ids', async () => {
    const now = h.server.clock.now();
    const handle = await createSchedule({
      spec: {
        intervals: [{ every: '1 hour', offset: '15 minutes' }],
        jitter: '10 minutes',
        startAt: new Date(now + 2 * HOUR),
      },
    });
    const before = await handle.describe();
    const first = before.info.nextActionTimes[0].getTime();
    expect(first).toBeGreaterThanOrEqual(now + 2 * HOUR);
    expect(first % HOUR).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(first % HOUR).toBeLessThan(25 * MINUTE);
    await h.server.clock.advance(5 * HOUR);
    const d = await waitFor('3 actions', async () => {
      const x = await handle.describe();
      return x.info.recentActions.length >= 3 && x;
    });
    const ids = await trackRuns(handle);
    for (const id of ids) expect(id).toMatch(new RegExp(`^${handle.scheduleId}-wf-2030-01-07T\\d\\d:15:00Z$`));
    // Action times carry the jitter; the workflow id carries the nominal time.
    for (const a of d.info.recentActions) expect(a.scheduledAt.getTime() % HOUR).toBeGreaterThanOrEqual(15 * MINUTE);
    for (const id of ids) expect(await h.client.workflow.getHandle(id).result()).toBe('tick');
    const wf = await h.client.workflow.getHandle(ids[0]).describe();
    expect(wf.searchAttributes.TemporalScheduledById).toEqual([handle.scheduleId]);
  });

  it('refuses bad specs and duplicate ids with typed errors', async () => {
    const invalid = (details: RegExp): object => ({
      cause: { code: status.INVALID_ARGUMENT, details: expect.stringMatching(details) as unknown },
    });
    await expect(
      createSchedule({ spec: { intervals: [{ every: '1 hour' }], timezone: 'Mars/Olympus' } }),
    ).rejects.toMatchObject(invalid(/time zone/));
    await expect(createSchedule({ spec: { cronExpressions: ['not a cron'] } })).rejects.toMatchObject(invalid(/cron/));
    const raw = h.client.workflowService.createSchedule({
      namespace: 'default',
      scheduleId: 'no-queue',
      schedule: {
        spec: { interval: [{ interval: msToTs(HOUR) }] },
        action: { startWorkflow: { workflowId: 'w', workflowType: { name: 'echo' } } },
      },
    });
    await expect(raw).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringMatching(/taskQueue/) as unknown,
    });
    const id = newScheduleId('dup');
    await createSchedule({ id, spec: { intervals: [{ every: '1 hour' }] } });
    await expect(createSchedule({ id, spec: { intervals: [{ every: '1 hour' }] } })).rejects.toBeInstanceOf(
      ScheduleAlreadyRunning,
    );
    await expect(h.client.schedule.getHandle('no-such-schedule').describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
  });
});

describe('operations', () => {
  it('pauses, unpauses, triggers, backfills, updates (with the conflict token) and deletes', async () => {
    const handle = await createSchedule({
      spec: { intervals: [{ every: '1 hour' }] },
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
    });
    await handle.pause('maintenance');
    let d = await handle.describe();
    expect(d.state).toMatchObject({ paused: true, note: 'maintenance' });
    await h.server.clock.advance(2 * HOUR);
    expect((await handle.describe()).info.numActionsTaken).toBe(0);

    await handle.trigger();
    await waitFor('the triggered action', async () => (await handle.describe()).info.numActionsTaken === 1);
    await handle.unpause('back');
    d = await handle.describe();
    expect(d.state).toMatchObject({ paused: false, note: 'back' });

    const base = Math.floor(h.server.clock.now() / HOUR) * HOUR;
    await handle.backfill({
      start: new Date(base - 10 * HOUR),
      end: new Date(base - 8 * HOUR),
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
    });
    d = await waitFor('3 backfilled actions', async () => {
      const x = await handle.describe();
      return x.info.numActionsTaken === 4 && x;
    });
    const ids = await trackRuns(handle);
    expect(ids).toEqual(
      expect.arrayContaining(
        [-10, -9, -8].map(
          (k) => `${handle.scheduleId}-wf-${new Date(base + k * HOUR).toISOString().replace('.000Z', 'Z')}`,
        ),
      ),
    );

    await handle.update((previous) => ({
      ...previous,
      spec: { intervals: [{ every: '30 minutes' }] },
      state: { ...previous.state, note: 'faster' },
    }));
    d = await handle.describe();
    expect(d.spec.intervals).toEqual([{ every: 30 * MINUTE, offset: 0 }]);
    expect(d.state.note).toBe('faster');
    expect(d.info.lastUpdatedAt).toBeInstanceOf(Date);
    const stale = await h.client.workflowService
      .updateSchedule({
        namespace: 'default',
        scheduleId: handle.scheduleId,
        conflictToken: Buffer.from('1'),
        schedule: {
          spec: {},
          action: {
            startWorkflow: { workflowId: 'x', workflowType: { name: 'echo' }, taskQueue: { name: taskQueue } },
          },
        },
      })
      .catch((e: { code: number }) => e);
    expect(stale).toMatchObject({ code: status.FAILED_PRECONDITION });

    await handle.delete();
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    for (const id of ids) await h.client.workflow.getHandle(id).result();
  });

  it('stops after the remaining actions and pauses on a failed workflow', async () => {
    const limited = await createSchedule({
      spec: { intervals: [{ every: '1 hour' }] },
      state: { remainingActions: 2 },
    });
    const failing = await createSchedule({
      spec: { intervals: [{ every: '1 hour' }] },
      policies: { pauseOnFailure: true },
      action: { workflowType: 'failsUntilAttempt', args: [5] },
    });
    await h.server.clock.advance(4 * HOUR + MINUTE);
    const d = await waitFor('two actions and no more', async () => {
      const x = await limited.describe();
      return x.info.numActionsTaken === 2 && x.info.runningActions.length === 0 && x;
    });
    expect(d.state.remainingActions).toBe(0);
    expect(d.info.nextActionTimes).toEqual([]);
    const f = await waitFor('paused after the failure', async () => {
      const x = await failing.describe();
      return x.state.paused && x;
    });
    expect(f.info.numActionsTaken).toBe(1);
    expect(f.state.note).toMatch(/failed/);
  });
});

/** Actions waiting in the schedule's buffer (the SDK's description keeps it in `raw`). */
const buffered = (d: ScheduleDescription): number => Number(String(d.raw.info?.bufferSize ?? 0));

describe('overlap policies', () => {
  type Expectation = { running: number; taken: number; skipped: number; buffered: number };
  const cases: Array<[keyof typeof ScheduleOverlapPolicy, Expectation]> = [
    ['SKIP', { running: 1, taken: 1, skipped: 2, buffered: 0 }],
    ['BUFFER_ONE', { running: 1, taken: 1, skipped: 1, buffered: 1 }],
    ['BUFFER_ALL', { running: 1, taken: 1, skipped: 0, buffered: 2 }],
    ['CANCEL_OTHER', { running: 1, taken: 3, skipped: 0, buffered: 0 }],
    ['TERMINATE_OTHER', { running: 1, taken: 3, skipped: 0, buffered: 0 }],
    ['ALLOW_ALL', { running: 3, taken: 3, skipped: 0, buffered: 0 }],
  ];

  it.each(cases)('%s', async (policy, expected) => {
    const handle = await createSchedule({
      spec: { intervals: [{ every: '1 minute' }] },
      policies: { overlap: ScheduleOverlapPolicy[policy] },
      action: { workflowType: 'approval', args: [24 * HOUR] },
    });
    for (let i = 0; i < 3; i++) {
      await h.server.clock.advance(MINUTE);
      await waitFor(`pass ${i + 1}`, async () => {
        const x = await handle.describe();
        return (
          x.info.numActionsTaken + x.info.numActionsSkippedOverlap + buffered(x) >= i + 1 &&
          x.info.runningActions.length > 0
        );
      });
    }
    const d = await waitFor('the expected state', async () => {
      const x = await handle.describe();
      const state = {
        running: x.info.runningActions.length,
        taken: x.info.numActionsTaken,
        skipped: x.info.numActionsSkippedOverlap,
        buffered: buffered(x),
      };
      return JSON.stringify(state) === JSON.stringify(expected) ? x : undefined;
    }).catch(async (error: Error) => {
      const x = await handle.describe();
      throw new Error(
        `${error.message}: ${JSON.stringify({ running: x.info.runningActions.length, taken: x.info.numActionsTaken, skipped: x.info.numActionsSkippedOverlap, buffered: buffered(x) })}`,
      );
    });
    const ids = await trackRuns(handle);
    const statuses = await Promise.all(
      ids.map(async (id) => (await h.client.workflow.getHandle(id).describe()).status.name),
    );
    if (policy === 'CANCEL_OTHER') expect(statuses).toEqual(['CANCELLED', 'CANCELLED', 'RUNNING']);
    if (policy === 'TERMINATE_OTHER') expect(statuses).toEqual(['TERMINATED', 'TERMINATED', 'RUNNING']);
    if (policy === 'BUFFER_ONE' || policy === 'BUFFER_ALL') {
      // The buffered action starts once the running one ends.
      await h.client.workflow.getHandle(ids[0]).terminate('done');
      await waitFor('the buffered start', async () => (await handle.describe()).info.numActionsTaken === 2);
      await trackRuns(handle);
    }
    await handle.delete();
    for (const run of (await Promise.all(ids.map((id) => h.client.workflow.getHandle(id).describe()))).filter(
      (r) => r.status.name === 'RUNNING',
    )) {
      await h.client.workflow.getHandle(run.workflowId).terminate('test over');
    }
    expect(d.info.runningActions.length).toBe(expected.running);
  });
});
