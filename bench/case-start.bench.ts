/**
 * Case creation latency with and without eager workflow start, in the same run and on the same
 * client (the worker's NativeConnection; `eager: false` turns the request off), so only the start
 * path differs. Starts are sequential and alternate between the two modes. Per mode:
 * - start RPC: until client.workflow.start returns;
 * - first task done: until the case workflow's first workflow task is completed (its history has
 *   WorkflowTaskCompleted) — the moment the worker has begun the case;
 * - case row: until the first projection has written the case's read-model row.
 * Count: BENCH_CASE_STARTS per mode (default 100), after 5 warm-up starts each.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startDevServer } from '../devserver';
import { EventType } from '../devserver/engine/enums';
import { bundleCaseWorkflows, createCaseWorker } from '../worker/case-worker';
import { startCaseWorkflow } from '../client/case-client';
import type { BenchFigures } from './lib/bench-result';
import { withDatabase } from './lib/bench-database';
import { BULKY_ITEMS_REQUEST, compileShippedProcess } from './support/bench-stack';
import { elapsedMs, percentile, round } from './lib/measure';

const STARTS = Number(process.env.BENCH_CASE_STARTS ?? 100);
const WARM_UP = 5;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function run(): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const definition = compileShippedProcess('service-complaint');
  const bundle = await bundleCaseWorkflows();
  const figures: BenchFigures = {};

  await withDatabase(async (db) => {
    const server = await startDevServer({ port: 0 });
    const connection = await NativeConnection.connect({ address: server.address });
    const client = new Client({ connection });
    const taskQueue = 'bench-case-start';
    const worker = await createCaseWorker({ connection, taskQueue, workflowBundle: bundle, activitiesDeps: { db } });
    const firstTaskDone = (caseId: string): boolean =>
      !!server.engine
        .currentRun('default', caseId)
        ?.history.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const samples = {
      eager: { start: [] as number[], task: [] as number[], row: [] as number[], granted: 0 },
      normal: { start: [] as number[], task: [] as number[], row: [] as number[], granted: 0 },
    };
    try {
      await worker.runUntil(async () => {
        const once = async (mode: 'eager' | 'normal', record: boolean) => {
          const caseId = `start-${mode}-${randomUUID().slice(0, 8)}`;
          const begin = performance.now();
          const eagerBefore = server.engine.eagerStarts;
          await startCaseWorkflow(
            client,
            { caseId, definition, data: BULKY_ITEMS_REQUEST },
            { taskQueue, eager: mode === 'eager' },
          );
          const started = elapsedMs(begin);
          while (!firstTaskDone(caseId)) await tick();
          const task = elapsedMs(begin);
          while (!(await db('cases').where({ id: caseId }).first())) await tick();
          const row = elapsedMs(begin);
          if (!record) return;
          const s = samples[mode];
          s.start.push(started);
          s.task.push(task);
          s.row.push(row);
          s.granted += server.engine.eagerStarts - eagerBefore;
        };
        for (let i = 0; i < WARM_UP; i++) for (const mode of ['eager', 'normal'] as const) await once(mode, false);
        const orders: ReadonlyArray<readonly ['eager' | 'normal', 'eager' | 'normal']> = [
          ['eager', 'normal'],
          ['normal', 'eager'],
        ];
        for (let i = 0; i < STARTS; i++) for (const mode of orders[i % 2]) await once(mode, true);
      });
    } finally {
      await connection.close();
      await server.close();
    }
    figures['starts per mode'] = STARTS;
    for (const mode of ['eager', 'normal'] as const) {
      const s = samples[mode];
      figures[`${mode}: started eagerly`] = s.granted;
      figures[`${mode}: start RPC p50 ms`] = round(percentile(s.start, 0.5), 2);
      figures[`${mode}: first task done p50 ms`] = round(percentile(s.task, 0.5), 2);
      figures[`${mode}: first task done p99 ms`] = round(percentile(s.task, 0.99), 2);
      figures[`${mode}: case row p50 ms`] = round(percentile(s.row, 0.5), 2);
      figures[`${mode}: case row p99 ms`] = round(percentile(s.row, 0.99), 2);
    }
  });
  return figures;
}
