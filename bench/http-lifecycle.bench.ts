/**
 * Complete case lifecycles THROUGH HTTP (issue 12): create a 311 bulky-item request, claim triage,
 * route it, complete the field work → closed; every step a real API request against the real worker,
 * the embedded server and Postgres. Also case creation alone at 8 in flight. How it is measured:
 * bench/notes/http-lifecycle.md.
 */
import os from 'node:os';
import type { BenchFigures } from './lib/bench-result';
import { withApiApp, type ApiBenchApp } from './lib/api-app';
import { round } from './lib/measure';
import { BULKY_ITEMS_REQUEST } from './support/bench-stack';
import { cpuByThreadFigure, measurePhase } from './support/measure-phase';

const LIFECYCLES = Number(process.env.BENCH_HTTP_LIFECYCLES ?? 200);
const LIFECYCLE_CONCURRENCY = Number(process.env.BENCH_HTTP_LIFECYCLE_CONCURRENCY ?? 25);
const CREATES = Number(process.env.BENCH_HTTP_CREATES ?? 300);
const CREATE_CONCURRENCY = 8;

const users = [
  { username: 'bench-clerk', roles: ['staff', 'call-center-agent'], departmentId: 'call-center' },
  { username: 'bench-crew', roles: ['staff', 'sanitation-crew-lead'], departmentId: 'sanitation' },
];
const request = { definitionId: 'service-complaint', data: BULKY_ITEMS_REQUEST };

async function expectStatus(
  pending: Promise<{ status: number; body: string }>,
  status: number,
  what: string,
): Promise<string> {
  const response = await pending;
  if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${response.body}`);
  return response.body;
}

async function create(app: ApiBenchApp): Promise<string> {
  const body = await expectStatus(app.call('POST', '/api/v1/cases', app.tokens['bench-clerk'], request), 201, 'create');
  return (JSON.parse(body) as { case: { id: string } }).case.id;
}

/** create → claim triage → route → complete; the last answer must show the case closed. */
async function lifecycle(app: ApiBenchApp): Promise<void> {
  const clerk = app.tokens['bench-clerk'];
  const caseId = await create(app);
  await expectStatus(app.call('POST', `/api/v1/cases/${caseId}/claim`, clerk, { step: 'triage' }), 200, 'claim');
  await expectStatus(
    app.call('POST', `/api/v1/cases/${caseId}/actions`, clerk, { step: 'triage', action: 'route' }),
    200,
    'route',
  );
  const done = await expectStatus(
    app.call('POST', `/api/v1/cases/${caseId}/actions`, app.tokens['bench-crew'], {
      step: 'sanitation-field-work',
      action: 'complete',
      data: { resolutionNote: 'Collected.' },
    }),
    200,
    'complete',
  );
  const closed = (JSON.parse(done) as { case: { lifecycle?: string; closedAt?: string | null } }).case;
  if (closed.lifecycle !== 'closed' && !closed.closedAt)
    throw new Error(`case ${caseId} not closed after complete: ${done}`);
}

export async function run(): Promise<BenchFigures> {
  return withApiApp(users, async (app) => {
    for (let i = 0; i < 10; i++) await lifecycle(app); // warm-up: bundles, caches, connections
    const load = [os.loadavg()[0]];
    // CPU time of this process (server, worker, API: all in it) per lifecycle: comparable across loads.
    const lifecycles = await measurePhase(LIFECYCLES, LIFECYCLE_CONCURRENCY, () => lifecycle(app));
    load.push(os.loadavg()[0]);
    const creation = await measurePhase(CREATES, CREATE_CONCURRENCY, async () => {
      await create(app);
    });
    load.push(os.loadavg()[0]);
    return {
      'lifecycles/s (create + 3 actions, closed)': lifecycles.rps,
      'lifecycle p50 ms': lifecycles.p50,
      'lifecycle p99 ms': lifecycles.p99,
      'lifecycles (concurrency)': `${LIFECYCLES} (${LIFECYCLE_CONCURRENCY})`,
      'lifecycle: process CPU ms (user + system)': lifecycles.processCpuMs,
      [cpuByThreadFigure('lifecycle')]: lifecycles.cpuByThread,
      'create: requests/s': creation.rps,
      'create: p50 ms': creation.p50,
      'create: p99 ms': creation.p99,
      'create: requests (concurrency)': `${CREATES} (${CREATE_CONCURRENCY})`,
      'create: process CPU ms (user + system)': creation.processCpuMs,
      [cpuByThreadFigure('create')]: creation.cpuByThread,
      'load average (1 min) at start / after lifecycles / after creates': load.map((l) => round(l, 1)).join(' / '),
    };
  });
}
