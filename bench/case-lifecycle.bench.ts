/**
 * The case workflow under the real SDK worker, the embedded server and Postgres (all on loopback):
 * complete lifecycles per second of a 311 service request: create, claim, route, complete → closed
 * (three staff actions; every step audited and projected into the read model). Memory with many open
 * cases is measured on the real `npm start` by open-cases.bench.ts.
 * Count: BENCH_CASE_LIFECYCLES (default 60). BENCH_SERVER_THREAD=1 runs the server on its own thread
 * as `npm start` does.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startDevServer } from '../devserver';
import { startServerThread } from '../devserver/thread/server-thread';
import type { Actor } from '../interpreter/case-model';
import { bundleCaseWorkflows, createCaseWorker } from '../worker/case-worker';
import { startCaseWorkflow } from '../client/case-client';
import { caseSummaryQuery, claimTaskSignal, staffActionSignal } from '../workflows/case-contract';
import type { BenchFigures } from './lib/bench-result';
import { AUDIT_FIGURE, verifiedAuditChains } from './lib/audit-check';
import { withDatabase } from './lib/bench-database';
import { BULKY_ITEMS_REQUEST, compileShippedProcess } from './support/bench-stack';
import { elapsedMs, percentile, round, runBounded } from './lib/measure';

const LIFECYCLES = Number(process.env.BENCH_CASE_LIFECYCLES ?? 60);
const CONCURRENCY = 25;
const SERVER_THREAD = process.env.BENCH_SERVER_THREAD === '1';

const agent: Actor = { id: 'agent-1', roles: ['call-center-agent'], kind: 'staff' };
const crew: Actor = { id: 'crew-1', roles: ['sanitation-crew-lead'], kind: 'staff' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const definition = compileShippedProcess('service-complaint');
  const bundle = await bundleCaseWorkflows();
  const figures: BenchFigures = {};

  await withDatabase(async (db) => {
    const server = SERVER_THREAD
      ? await startServerThread({ store: '', port: 0, host: '127.0.0.1' })
      : await startDevServer({ port: 0 });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const taskQueue = 'bench-cases';
    const worker = await createCaseWorker({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activitiesDeps: { db },
      worker: { maxCachedWorkflows: 1000 },
    });
    try {
      await worker.runUntil(async () => {
        // 1. Lifecycles: the three signals go out at once; the workflow applies them in order.
        const durations: number[] = [];
        const lifecycle = async (i: number) => {
          const start = performance.now();
          const caseId = `sr-${i}-${randomUUID().slice(0, 8)}`;
          const handle = await startCaseWorkflow(
            client,
            { caseId, definition, data: BULKY_ITEMS_REQUEST },
            { taskQueue },
          );
          await handle.signal(claimTaskSignal, { eventId: `${caseId}:claim`, actor: agent, step: 'triage' });
          await handle.signal(staffActionSignal, {
            eventId: `${caseId}:route`,
            actor: agent,
            step: 'triage',
            action: 'route',
          });
          await handle.signal(staffActionSignal, {
            eventId: `${caseId}:complete`,
            actor: crew,
            step: 'sanitation-field-work',
            action: 'complete',
            data: { resolutionNote: 'Collected.' },
          });
          for (;;) {
            const summary = await handle.query(caseSummaryQuery);
            if (summary.lifecycle === 'closed' && !summary.busy) break;
            await sleep(25);
          }
          durations.push(elapsedMs(start));
        };
        await runBounded(5, 5, lifecycle); // warm-up: worker threads, caches, connections
        durations.length = 0;
        const start = performance.now();
        await runBounded(LIFECYCLES, CONCURRENCY, lifecycle);
        const seconds = elapsedMs(start) / 1000;
        const audited = await db('audit_entries').count<{ count: string }[]>('* as count');
        figures['lifecycles'] = LIFECYCLES;
        figures['lifecycles per second'] = round(LIFECYCLES / seconds, 1);
        figures['lifecycle p50 ms'] = round(percentile(durations, 0.5), 0);
        figures['lifecycle p99 ms'] = round(percentile(durations, 0.99), 0);
        figures['audit entries per lifecycle'] = round(Number(audited[0].count) / (LIFECYCLES + 5), 1);

        figures['server on its own thread'] = SERVER_THREAD ? 1 : 0;
      });
    } finally {
      await connection.close();
      await nativeConnection.close();
      await server.close();
    }
    // The worker has stopped (runUntil): nothing appends while every chain is recomputed.
    figures[AUDIT_FIGURE] = await verifiedAuditChains(db);
  });
  return figures;
}
