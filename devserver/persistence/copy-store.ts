/**
 * Copies every run (with its whole history) and every schedule from one execution store into
 * another, e.g. an embedded server's PGlite directory into its schema in the application's Postgres.
 * Both stores must be closed to everyone else (open them exclusive): a server writing to either
 * during the copy would make the copy wrong.
 *
 * The copy can be run again after an interruption: runs and schedules the target already holds at
 * the source's version are skipped (the stores keep a row only when it is newer). Anything else in the
 * target (a run or schedule the source lacks, or holds at another version) is refused before a
 * single write, so a copy never mixes two servers' workflows.
 */
import type { DurableExecutionStore, PersistedExecution, PersistedSchedule } from './persisted-execution';
import { PersistenceError } from './persistence-error';
import { keyString, scheduleKeyString } from './snapshot-codec';

export interface StoreCopyReport {
  runs: number;
  events: number;
  schedules: number;
  /** Runs the target held already at the source's version (an earlier, interrupted copy). */
  runsAlreadyThere: number;
}

export interface StoreCopyOptions {
  /** Runs per transaction in the target (default 100): memory holds one batch's histories at a time. */
  batchSize?: number;
  /** Called after each batch with the runs copied (or found already there) so far. */
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_BATCH_SIZE = 100;

export async function copyExecutionStore(
  source: DurableExecutionStore,
  target: DurableExecutionStore,
  options: StoreCopyOptions = {},
): Promise<StoreCopyReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  // A store that reads events back by range is read one batch of histories at a time.
  const byRange = source.loadEvents?.bind(source);
  const runs = await source.loadAll({ lastEventOnly: byRange !== undefined });
  const schedules = await source.loadSchedules();
  const before = await target.loadAll({ lastEventOnly: true });
  const schedulesBefore = await target.loadSchedules();
  const alreadyThere = refuseForeignContent(runs, schedules, before, schedulesBefore);

  let done = 0;
  let events = 0;
  for (let start = 0; start < runs.length; start += batchSize) {
    const batch: PersistedExecution[] = [];
    for (const run of runs.slice(start, start + batchSize)) {
      events += run.history.length;
      if (alreadyThere.has(keyString(run))) continue;
      const history = byRange ? await byRange({ ...run, fromEventId: 1, toEventId: run.history.length }) : run.history;
      batch.push({ ...run, history });
    }
    await target.saveMany(batch);
    done += Math.min(batchSize, runs.length - start);
    options.onProgress?.(done, runs.length);
  }
  for (const schedule of schedules) await target.saveSchedule(schedule);

  await verifyCopy(runs, schedules, target);
  return { runs: runs.length, events, schedules: schedules.length, runsAlreadyThere: alreadyThere.size };
}

/** The keys of the target's runs that equal the source's; throws if the target holds anything else. */
function refuseForeignContent(
  runs: readonly PersistedExecution[],
  schedules: readonly PersistedSchedule[],
  targetRuns: readonly PersistedExecution[],
  targetSchedules: readonly PersistedSchedule[],
): Set<string> {
  const sourceRuns = new Map(runs.map((run) => [keyString(run), run]));
  const same = new Set<string>();
  const foreign: string[] = [];
  for (const run of targetRuns) {
    const key = keyString(run);
    const mine = sourceRuns.get(key);
    if (mine && mine.version === run.version && mine.history.length === run.history.length) same.add(key);
    else foreign.push(`run ${run.workflowId}/${run.runId} (${mine ? 'another version' : 'not in the source'})`);
  }
  const sourceSchedules = new Map(schedules.map((schedule) => [scheduleKeyString(schedule), schedule]));
  for (const schedule of targetSchedules) {
    const mine = sourceSchedules.get(scheduleKeyString(schedule));
    if (!mine || mine.version !== schedule.version)
      foreign.push(`schedule ${schedule.scheduleId} (${mine ? 'another version' : 'not in the source'})`);
  }
  if (foreign.length > 0)
    throw new PersistenceError(
      `the target already holds workflows of its own, so nothing was copied: ${foreign.slice(0, 5).join(', ')}` +
        (foreign.length > 5 ? ` and ${foreign.length - 5} more` : ''),
    );
  return same;
}

/** Reads the target back: every run at the source's version with the same last event, every schedule. */
async function verifyCopy(
  runs: readonly PersistedExecution[],
  schedules: readonly PersistedSchedule[],
  target: DurableExecutionStore,
): Promise<void> {
  const copied = new Map((await target.loadAll({ lastEventOnly: true })).map((run) => [keyString(run), run]));
  const wrong: string[] = [];
  for (const run of runs) {
    const copy = copied.get(keyString(run));
    if (
      !copy ||
      copy.version !== run.version ||
      copy.history.length !== run.history.length ||
      JSON.stringify(copy.history.at(-1)) !== JSON.stringify(run.history.at(-1))
    )
      wrong.push(`${run.workflowId}/${run.runId}`);
  }
  const copiedSchedules = new Map(
    (await target.loadSchedules()).map((schedule) => [scheduleKeyString(schedule), schedule.version]),
  );
  for (const schedule of schedules)
    if (copiedSchedules.get(scheduleKeyString(schedule)) !== schedule.version)
      wrong.push(`schedule ${schedule.scheduleId}`);
  if (copied.size !== runs.length) wrong.push(`${copied.size} runs in the target for ${runs.length} in the source`);
  if (wrong.length > 0)
    throw new PersistenceError(`the copy does not read back as the source: ${wrong.slice(0, 5).join(', ')}`);
}
