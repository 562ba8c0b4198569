import { caseClock } from './case-clock';

/** Workflow time as the SDK gives it: set by each task, moved on by each local activity, never back. */
function workflowTime(start: number) {
  let time = start;
  return {
    read: () => time,
    /** A task from the server at `serverTime`: workflow time never goes back. */
    task: (serverTime: number) => {
      time = Math.max(time, serverTime);
    },
    /** A local activity that ran for `ms`. */
    recording: (ms: number) => () => {
      time += ms;
      return Promise.resolve(ms);
    },
  };
}

const T = Date.parse('2026-03-02T17:00:00.000Z');

describe('the case clock', () => {
  it('is workflow time while nothing has been recorded', () => {
    const wf = workflowTime(T);
    const clock = caseClock(wf.read);
    expect(clock.now()).toBe(T);
    wf.task(T + 5_000);
    expect(clock.now()).toBe(T + 5_000);
  });

  it('does not move while a step is recorded, under a frozen server clock', async () => {
    const wf = workflowTime(T);
    const clock = caseClock(wf.read);
    await expect(clock.outsideCaseTime(wf.recording(16))).resolves.toBe(16);
    expect(wf.read()).toBe(T + 16);
    expect(clock.now()).toBe(T);
    // The next task from the frozen server: the SDK keeps workflow time where the recording left it.
    wf.task(T);
    expect(clock.now()).toBe(T);
    await clock.outsideCaseTime(wf.recording(14));
    await clock.outsideCaseTime(wf.recording(0));
    expect(wf.read()).toBe(T + 30);
    expect(clock.now()).toBe(T);
  });

  it('follows workflow time again once the server clock passes where recording left it', async () => {
    const wf = workflowTime(T);
    const clock = caseClock(wf.read);
    await clock.outsideCaseTime(wf.recording(16));
    wf.task(T + 10);
    expect(clock.now()).toBe(T);
    wf.task(T + 7 * 60_000);
    expect(clock.now()).toBe(T + 7 * 60_000);
    await clock.outsideCaseTime(wf.recording(20));
    expect(clock.now()).toBe(T + 7 * 60_000);
  });

  it('never runs backwards', async () => {
    const wf = workflowTime(T);
    const clock = caseClock(wf.read);
    const seen: number[] = [];
    for (const [server, ms] of [
      [T, 16],
      [T + 5, 9],
      [T + 40, 3],
      [T + 40, 50],
      [T + 1_000, 0],
    ] as const) {
      wf.task(server);
      seen.push(clock.now());
      await clock.outsideCaseTime(wf.recording(ms));
      seen.push(clock.now());
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(T + 1_000);
  });

  it('keeps the time a failed recording took off the case clock too', async () => {
    const wf = workflowTime(T);
    const clock = caseClock(wf.read);
    const failing = async () => {
      await wf.recording(25)();
      throw new Error('database unavailable');
    };
    await expect(clock.outsideCaseTime(failing)).rejects.toThrow('database unavailable');
    expect(clock.now()).toBe(T);
  });

  it('holds at the latest time it gave when a server task came while a recording ran', async () => {
    const wf = workflowTime(T);
    const clock = caseClock(wf.read);
    // A slow recording: the SDK hands the task back and a new one (with a signal) arrives 8 s later.
    const slow = async () => {
      wf.task(T + 8_000);
      expect(clock.now()).toBe(T + 8_000);
      await wf.recording(1_000)();
    };
    await clock.outsideCaseTime(slow);
    expect(wf.read()).toBe(T + 9_000);
    expect(clock.now()).toBe(T + 8_000);
  });

  it('leaves out the time of recordings that overlap', async () => {
    const wf = workflowTime(T);
    const clock = caseClock(wf.read);
    let finishFirst!: () => void;
    const first = clock.outsideCaseTime(
      () =>
        new Promise<void>((resolve) => {
          finishFirst = () => {
            wf.task(T + 12);
            resolve();
          };
        }),
    );
    await clock.outsideCaseTime(wf.recording(5));
    expect(clock.now()).toBe(T);
    finishFirst();
    await first;
    expect(wf.read()).toBe(T + 12);
    expect(clock.now()).toBe(T);
  });
});
