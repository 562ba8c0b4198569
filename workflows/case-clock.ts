/**
 * The case's clock inside its workflow: workflow time, less the time its local activities took.
 *
 * Recording a step and preparing a notice are local activities. The SDK moves a workflow's clock on by
 * a local activity's run time, and never moves it back. Under a server's virtual clock (tests, the
 * shipped scenarios), that time is not virtual time: every step entered and every deadline computed
 * after one would be late by those milliseconds, and would stay late until the virtual clock passed
 * them. So this bookkeeping takes no time on the case's clock. Once workflow time passes where a local
 * activity left it (a new task from the server on real time), the two agree again.
 *
 * Pure bookkeeping over the workflow's own time readings, so it replays exactly.
 */
export interface CaseClock {
  /** Now on the case's clock (epoch ms). Equals `readTime()` until a local activity has moved it. */
  now(): number;
  /** Runs one local activity; the workflow time it takes is not case time. */
  outsideCaseTime<T>(run: () => Promise<T>): Promise<T>;
}

export function caseClock(readTime: () => number): CaseClock {
  /** The last time this clock gave: never an earlier one; held while workflow time stands at `leftAt`. */
  let last = Number.NEGATIVE_INFINITY;
  /** Workflow time as the last local activity left it. */
  let leftAt = Number.NEGATIVE_INFINITY;

  const now = (): number => {
    const workflowTime = readTime();
    if (workflowTime > leftAt) last = Math.max(last, workflowTime);
    return last;
  };

  return {
    now,
    async outsideCaseTime<T>(run: () => Promise<T>): Promise<T> {
      now();
      try {
        return await run();
      } finally {
        // Whatever moved workflow time on since `now()` above, the local activity takes none of it.
        leftAt = Math.max(leftAt, readTime());
      }
    },
  };
}
