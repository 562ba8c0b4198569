/**
 * Restart of `npm start` (the real entry, a child process with its own data directory) holding
 * BENCH_RESTART_CASES (10,000) open cases, on each store (BENCH_RESTART_STORES, default
 * "pglite,postgres"): BENCH_RESTART_DUE_CASES (100) more cases get a triage target a few seconds away,
 * the process is stopped (SIGTERM, or SIGKILL with BENCH_RESTART_SIGNAL=SIGKILL) and kept down until
 * all their deadlines have passed; then it is started again. Figures: time until /readyz answers again,
 * cases lost (read model and the embedded server's running workflows, read from the stores once the
 * process is gone), and whether every deadline that fell due meanwhile escalated, and how long after
 * the restart. How it is measured: bench/notes/restart.md.
 */
import { AUDIT_FIGURE, verifiedAuditChains } from './lib/audit-check';
import type { BenchFigures } from './lib/bench-result';
import { benchStores, withPlatformPlace, type BenchStore } from './lib/bench-stores';
import { round } from './lib/measure';
import { reportProgress } from './lib/progress';
import {
  createCases,
  openApplicationDatabase,
  platformApi,
  publishShortTriageTarget,
  runningWorkflowIds,
  type CreatedCase,
} from './support/platform-cases';
import { startPlatformProcess } from './support/platform-process';

const CASES = Number(process.env.BENCH_RESTART_CASES ?? 10_000);
const DUE_CASES = Number(process.env.BENCH_RESTART_DUE_CASES ?? 100);
const IN_FLIGHT = Number(process.env.BENCH_RESTART_IN_FLIGHT ?? 32);
const DUE_SECONDS = Number(process.env.BENCH_RESTART_DUE_SECONDS ?? 20);
const SIGNAL = process.env.BENCH_RESTART_SIGNAL === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM';
/** How long after answering again the bench waits for the overdue escalations before it calls them missing. */
const FIRE_LIMIT_MS = Number(process.env.BENCH_RESTART_FIRE_LIMIT_S ?? 300) * 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function measureStore(store: BenchStore): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  const at = (name: string): string => `${store}: ${name}`;
  await withPlatformPlace(store, 'restart', async ({ dataDir, databaseUrl }) => {
    const first = await startPlatformProcess({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    figures[at('first start: answering after ms')] = Math.round(first.readyAfterMs);
    let api = await platformApi(first.port);
    let open: CreatedCase[];
    let due: CreatedCase[];
    let lastDue = 0;
    try {
      const started = performance.now();
      open = await createCases(api.call, api.agent, CASES, IN_FLIGHT, `${store}: open cases`);
      figures[at('open cases created through HTTP per second')] = round(
        CASES / ((performance.now() - started) / 1000),
        1,
      );
      await publishShortTriageTarget(api.call, api.admin, '1.0.1', DUE_SECONDS);
      due = await createCases(api.call, api.agent, DUE_CASES, IN_FLIGHT, `${store}: cases due while down`);
      // A case's workflow starts before its create request answers: its deadline is at most this late.
      lastDue = Date.now() + DUE_SECONDS * 1000;
    } finally {
      api.close();
    }
    const stopStart = performance.now();
    await first.stop(SIGNAL);
    figures[at(`stop (${SIGNAL}) ms`)] = Math.round(performance.now() - stopStart);
    // Down until every short deadline (the 100 % escalation) has passed.
    while (Date.now() < lastDue + 1000) {
      reportProgress(`${store}: down until the deadlines pass`);
      await sleep(200);
    }
    figures[at('down for ms')] = Math.round(performance.now() - stopStart);

    const second = await startPlatformProcess({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    figures[at('restart: answering again after ms')] = Math.round(second.readyAfterMs);
    const answeredAt = performance.now();
    api = await platformApi(second.port);
    try {
      const pending = new Set(due.map((c) => c.id));
      while (pending.size > 0 && performance.now() - answeredAt < FIRE_LIMIT_MS) {
        for (const id of [...pending]) {
          const answer = await api.call('GET', `/api/v1/cases/${id}`, await api.agent());
          if (answer.status === 200 && (JSON.parse(answer.body) as { escalationLevel: number }).escalationLevel >= 1)
            pending.delete(id);
        }
        reportProgress(`${store}: ${due.length - pending.size} of ${due.length} overdue escalations seen`);
        if (pending.size > 0) await sleep(250);
      }
      figures[at('deadlines due while down')] = due.length;
      figures[at('escalated after the restart')] = due.length - pending.size;
      figures[at('all escalated, after answering ms')] =
        pending.size === 0
          ? Math.round(performance.now() - answeredAt)
          : `${pending.size} missing after ${FIRE_LIMIT_MS / 1000} s`;
    } finally {
      api.close();
    }
    await second.stop('SIGTERM');

    // No case lost: every created case is in the read model and its workflow is still running or done.
    const ids = [...open, ...due].map((c) => c.id);
    const db = await openApplicationDatabase(dataDir, databaseUrl);
    try {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 1000)
        for (const row of (await db('cases')
          .select('id')
          .whereIn('id', ids.slice(i, i + 1000))) as { id: string }[])
          found.add(row.id);
      figures[at('cases before the restart')] = ids.length;
      figures[at('cases lost from the read model')] = ids.length - found.size;
      // Stopped: the chains written before, across and after the restart are recomputed.
      figures[at(AUDIT_FIGURE)] = await verifiedAuditChains(db);
    } finally {
      await db.destroy();
    }
    const running = await runningWorkflowIds(dataDir, databaseUrl);
    figures[at('open cases whose workflow is not running')] = running
      ? open.filter((c) => !running.has(c.id)).length
      : 'store not readable';
  });
  return figures;
}

export async function run(): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  for (const store of benchStores('BENCH_RESTART_STORES')) Object.assign(figures, await measureStore(store));
  return figures;
}
