/**
 * `npm start` (the real entry, a child process) holding many open cases with armed SLA timers, on each
 * store (BENCH_OPEN_STORES, default "pglite,postgres"):
 * - BENCH_OPEN_CASES (100,000) service requests created through HTTP, BENCH_OPEN_IN_FLIGHT (64) at a
 *   time; each waits in triage with its warning, escalation and breach deadlines armed as timers.
 *   Whole-process RSS (the process and any children, from /proc) and the main thread's JS heap, 5 s
 *   after the last case and again after BENCH_OPEN_SETTLE_S (90) idle.
 * - Then BENCH_OPEN_DUE_CASES (1,000) more under a version whose triage target is BENCH_OPEN_DUE_SECONDS
 *   (300) away, created at an even pace over BENCH_OPEN_DUE_SPREAD_S (60; 0: as fast as the API takes
 *   them), so their deadlines fall due within that minute and their 75 % warnings are over before the
 *   first of them: escalation lag = when the level-1 escalation's audit entry was recorded − the deadline.
 * How it is measured and how long it takes: bench/notes/open-cases.md.
 */
import type { BenchFigures } from './lib/bench-result';
import { benchStores, withPlatformPlace, type BenchStore } from './lib/bench-stores';
import { percentile, round } from './lib/measure';
import { reportProgress } from './lib/progress';
import { AUDIT_FIGURE, verifiedAuditChains } from './lib/audit-check';
import { createCases, openApplicationDatabase, platformApi, publishShortTriageTarget } from './support/platform-cases';
import { startPlatformProcess } from './support/platform-process';

const CASES = Number(process.env.BENCH_OPEN_CASES ?? 100_000);
const IN_FLIGHT = Number(process.env.BENCH_OPEN_IN_FLIGHT ?? 64);
const DUE_CASES = Number(process.env.BENCH_OPEN_DUE_CASES ?? 1000);
const DUE_SECONDS = Number(process.env.BENCH_OPEN_DUE_SECONDS ?? 300);
const DUE_SPREAD_MS = Number(process.env.BENCH_OPEN_DUE_SPREAD_S ?? 60) * 1000;
/**
 * BENCH_OPEN_DUE_FIRST=1: the cases falling due are created first and the open cases after them, so
 * that by their deadlines the worker's cache holds the newer cases and each one falling due is replayed
 * from its history, as a case opened days before its deadline is. The open cases are created once the
 * 75 % warnings (which wake the cases too) are over, and must be done before the first deadline:
 * BENCH_OPEN_DUE_SECONDS / 4 must exceed the spread plus their creation (and the settling).
 */
const DUE_FIRST = process.env.BENCH_OPEN_DUE_FIRST === '1';
/** How long after the last deadline the bench waits before it counts escalations (late ones count as missing). */
const GRACE_MS = Number(process.env.BENCH_OPEN_GRACE_S ?? 60) * 1000;
/**
 * How long the platform stands idle before its settled RSS is read: V8 gives back the old space the
 * creation left behind only once allocation has stopped for a while (its memory reducer).
 */
const SETTLE_MS = Number(process.env.BENCH_OPEN_SETTLE_S ?? 90) * 1000;

const MiB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function measureStore(store: BenchStore): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  const at = (name: string): string => `${store}: ${name}`;
  await withPlatformPlace(store, 'open', async ({ dataDir, databaseUrl }) => {
    const platform = await startPlatformProcess({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    let peakRss = platform.rssBytes();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, platform.rssBytes())), 1000);
    const api = await platformApi(platform.port);
    let due: { id: string }[] = [];
    let createdAllAt = 0;
    try {
      figures[at('rss MiB, started and idle')] = Math.round(platform.rssBytes() / MiB);
      const createDueCases = async (): Promise<void> => {
        await publishShortTriageTarget(api.call, api.admin, '1.0.1', DUE_SECONDS);
        const dueStart = performance.now();
        due = await createCases(
          api.call,
          api.agent,
          DUE_CASES,
          IN_FLIGHT,
          `${store}: cases falling due together`,
          DUE_SPREAD_MS,
        );
        createdAllAt = Date.now();
        figures[at('deadlines falling due')] = due.length;
        figures[at('short-target cases created through HTTP per second')] = round(
          DUE_CASES / ((performance.now() - dueStart) / 1000),
          1,
        );
        // The open cases created after them wait a week, as the shipped target would have them wait.
        if (DUE_FIRST) await publishShortTriageTarget(api.call, api.admin, '1.0.2', 7 * 24 * 3600);
      };
      if (DUE_FIRST) {
        await createDueCases();
        // Their 75 % warnings wake them too: the open cases come after the last of those.
        const warnedBy = createdAllAt + 0.75 * DUE_SECONDS * 1000 + 5000;
        while (Date.now() < warnedBy) {
          reportProgress(`${store}: ${Math.round((warnedBy - Date.now()) / 1000)} s to the last warning`);
          await sleep(1000);
        }
      }
      const started = performance.now();
      await createCases(api.call, api.agent, CASES, IN_FLIGHT, `${store}: open cases`);
      const seconds = (performance.now() - started) / 1000;
      figures[at('open cases')] = CASES;
      figures[at('open cases created through HTTP per second')] = round(CASES / seconds, 1);
      figures[at('minutes to create them')] = round(seconds / 60, 1);
      if (DUE_FIRST && Date.now() > createdAllAt - DUE_SPREAD_MS + DUE_SECONDS * 1000)
        figures[at('warning')] =
          'deadlines fell due before the last open case was created: raise BENCH_OPEN_DUE_SECONDS';
      // Let the last projections and timer arming settle before the memory is read.
      await sleep(5000);
      figures[at('rss MiB with the open cases (whole process)')] = Math.round(platform.rssBytes() / MiB);
      const heap = await platform.heapUsed();
      figures[at('heap MiB with the open cases (main thread, used)')] =
        heap === undefined ? 'no report' : Math.round(heap.mainBytes / MiB);
      figures[at('heap MiB with the open cases (worker threads by id, used)')] =
        heap === undefined
          ? 'no report'
          : heap.workerThreads.map((thread) => `${thread.threadId}: ${Math.round(thread.bytes / MiB)}`).join(', ');
      const settleUntil = Date.now() + SETTLE_MS;
      while (Date.now() < settleUntil) {
        reportProgress(`${store}: idle for ${Math.round((settleUntil - Date.now()) / 1000)} s more before RSS is read`);
        await sleep(1000);
      }
      figures[at(`rss MiB with the open cases, after ${SETTLE_MS / 1000} s idle`)] = Math.round(
        platform.rssBytes() / MiB,
      );

      if (!DUE_FIRST) await createDueCases();
      // A case's workflow starts before its create request answers: its deadline is at most this late.
      const lastDue = createdAllAt + DUE_SECONDS * 1000;
      while (Date.now() < lastDue + GRACE_MS) {
        reportProgress(
          `${store}: waiting for the escalations (${Math.round((lastDue - Date.now()) / 1000)} s to the last deadline)`,
        );
        await sleep(500);
      }
      figures[at('rss MiB after the escalations')] = Math.round(platform.rssBytes() / MiB);
      figures[at('rss MiB peak')] = Math.round(Math.max(peakRss, platform.rssBytes()) / MiB);
    } finally {
      clearInterval(sampler);
      api.close();
      await platform.stop('SIGTERM');
    }

    // Escalation lag from the audit trail: recorded (database time of the append) and fired (workflow
    // time), each against the deadline the entry names (the step's due time, the 100 % threshold).
    const db = await openApplicationDatabase(dataDir, databaseUrl);
    try {
      const recorded: number[] = [];
      const fired: number[] = [];
      const deadlines: number[] = [];
      const ids = due.map((c) => c.id);
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = (await db('audit_entries')
          .select('occurred_at', 'recorded_at', 'details')
          .where({ event_type: 'sla-escalated' })
          .whereRaw("details->>'level' = '1'")
          .whereIn('case_id', ids.slice(i, i + 1000))) as {
          occurred_at: Date;
          recorded_at: Date;
          details: { detail?: { dueAt?: string } };
        }[];
        for (const row of rows) {
          const deadline = Date.parse(row.details.detail?.dueAt ?? '');
          if (!Number.isFinite(deadline))
            throw new Error(`an sla-escalated entry names no due time: ${JSON.stringify(row.details)}`);
          deadlines.push(deadline);
          recorded.push(new Date(row.recorded_at).getTime() - deadline);
          fired.push(new Date(row.occurred_at).getTime() - deadline);
        }
      }
      if (deadlines.length > 0) {
        figures[at('deadlines spread over s')] = round((Math.max(...deadlines) - Math.min(...deadlines)) / 1000, 1);
        if (Math.min(...deadlines) < createdAllAt)
          figures[at('warning')] =
            'the first deadlines passed before the last case was created: raise BENCH_OPEN_DUE_SECONDS';
      }
      if (recorded.length < ids.length) {
        // What the short cases did record instead, to tell a slow escalation from one that never came.
        const kinds: { event_type: string; count: string }[] = await db('audit_entries')
          .select('event_type')
          .count('* as count')
          .whereIn('case_id', ids.slice(0, 1000))
          .groupBy('event_type');
        figures[at('audit entries of the short cases')] =
          kinds.map((k) => `${k.event_type} ${k.count}`).join(', ') || 'none';
      }
      figures[at('escalations recorded')] = recorded.length;
      figures[at('escalations missing')] = due.length - recorded.length;
      const ms = (samples: number[], q: number): number | string =>
        samples.length === 0 ? 'none' : Math.round(percentile(samples, q));
      figures[at('escalation lag (deadline → recorded) p50 ms')] = ms(recorded, 0.5);
      figures[at('escalation lag (deadline → recorded) p99 ms')] = ms(recorded, 0.99);
      figures[at('escalation lag (deadline → recorded) max ms')] = ms(recorded, 1);
      figures[at('timer lag (deadline → fired in the workflow) p99 ms')] = ms(fired, 0.99);
      // The platform has stopped: every chain its escalations appended to is recomputed.
      figures[at(AUDIT_FIGURE)] = await verifiedAuditChains(db);
    } finally {
      await db.destroy();
    }
  });
  return figures;
}

export async function run(): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  for (const store of benchStores('BENCH_OPEN_STORES')) Object.assign(figures, await measureStore(store));
  return figures;
}
