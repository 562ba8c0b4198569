/**
 * The case's clock inside its workflow: workflow time, less the time spent recording a step.
 *
 * A step's audit and projection are written by a local activity. The SDK moves a workflow's clock on
 * by a local activity's run time, and never moves it back. Under a server's virtual clock (tests,
 * the simulator's scenarios), that time is not virtual time: every step entered and every deadline
 * computed after a recording would be late by those milliseconds, and would stay late until the
 * virtual clock passed them. So recording takes no time on the case's clock. Once workflow time
 * passes where recording left it (a new task from the server on real time), the two agree again.
 *
 * Pure bookkeeping over the workflow's own time readings, so it replays exactly.
 */
export interface CaseClock {
  /** Now on the case's clock (epoch ms). Equals `readTime()` until a recording has moved it. */
  now(): number;
  /** Runs one recording; the workflow time it takes is not case time. */
  withoutRecordingTime<T>(record: () => Promise<T>): Promise<T>;
}

export function caseClock(readTime: () => number): CaseClock {
  /** The last time this clock gave: it never gives an earlier one. */
  let last = Number.NEGATIVE_INFINITY;
  /** The case time held while workflow time stands where a recording left it. */
  let held: number | undefined;
  let leftAt = Number.NEGATIVE_INFINITY;

  const now = (): number => {
    const workflowTime = readTime();
    if (workflowTime > leftAt) held = undefined;
    last = Math.max(last, held ?? workflowTime);
    return last;
  };

  return {
    now,
    async withoutRecordingTime<T>(record: () => Promise<T>): Promise<T> {
      now();
      try {
        return await record();
      } finally {
        const after = readTime();
        // Whatever moved workflow time past the case's since `now()` above, the recording takes none of it.
        if (after > leftAt && after > last) {
          held = last;
          leftAt = after;
        }
      }
    },
  };
}
