/**
 * The floor under the read and list targets (issue 12): a bare Koa app with @koa/router and knex on
 * node-pg, in one process with its client as the api bench runs, on a fresh Postgres database with
 * 100,000 rows about as wide as a case's. No authentication, masking, definitions or audit chain.
 * How it is measured: bench/notes/read-floor.md.
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import Router from '@koa/router';
import Koa from 'koa';
import knexFactory, { type Knex } from 'knex';
import { createScratchDatabase } from './lib/bench-database';
import type { BenchFigures } from './lib/bench-result';
import { round } from './lib/measure';
import { httpClient, measureRequests, type HttpCall } from './support/http';

const ROWS = Number(process.env.BENCH_FLOOR_ROWS ?? 100_000);
const READS = Number(process.env.BENCH_FLOOR_READS ?? 5000);
const LISTS = Number(process.env.BENCH_FLOOR_LISTS ?? 1000);
/** As the api bench. */
const IN_FLIGHT = 16;

async function createRows(db: Knex): Promise<void> {
  await db.raw(`create table floor_cases (
    id text primary key, title text not null, status text not null, data jsonb not null,
    created_at timestamptz not null, sla_due_at timestamptz not null)`);
  await db.raw(
    'create table floor_log (id bigserial primary key, case_id text not null, at timestamptz not null default now(), details jsonb not null)',
  );
  // About a bulky-items request's size: an address, a few fields and a free-text note.
  await db.raw(
    `insert into floor_cases select 'case-' || g, 'Bulky items ' || g, 'open',
       jsonb_build_object('address', g || ' Main St', 'items', jsonb_build_array('sofa', 'mattress'), 'note', repeat('x', 400)),
       now() - (g % 200) * interval '1 hour', now() + (g % 170) * interval '1 hour'
     from generate_series(1, ?) g`,
    [ROWS],
  );
  await db.raw('create index floor_cases_sla_due_idx on floor_cases (sla_due_at, id)');
  await db.raw('analyze floor_cases');
}

/** GET /cases/:id and GET /cases (50 by due time); with `?log=1` each also inserts one row, as a read's audit entry. */
function floorApp(db: Knex) {
  const router = new Router();
  const log = async (caseId: string, what: string): Promise<void> => {
    await db('floor_log').insert({ case_id: caseId, details: { what } });
  };
  router.get('/cases/:id', async (ctx) => {
    const row: unknown = await db('floor_cases').where({ id: ctx.params.id }).first();
    if (!row) ctx.throw(404);
    if (ctx.query.log === '1') await log(ctx.params.id, 'read');
    ctx.body = { case: row };
  });
  router.get('/cases', async (ctx) => {
    const rows: unknown[] = await db('floor_cases')
      .orderBy([{ column: 'sla_due_at' }, { column: 'id' }])
      .limit(50);
    if (ctx.query.log === '1') await log('platform', 'list');
    ctx.body = { cases: rows };
  });
  return new Koa().use(router.routes());
}

/** The body of a 200 answer. */
async function expectOk(call: HttpCall, path: string): Promise<string> {
  const answer = await call('GET', path);
  if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
  return answer.body;
}

/** Checked as the api bench checks its lists: the whole answer parsed, 50 cases in it. */
async function expectPage(call: HttpCall, path: string): Promise<void> {
  const body = await expectOk(call, path);
  if ((JSON.parse(body) as { cases: unknown[] }).cases.length !== 50) throw new Error(`${path}: not 50 rows`);
}

export async function run(): Promise<BenchFigures> {
  const scratch = await createScratchDatabase('civicflow_bench_floor');
  const db = knexFactory({ client: 'pg', connection: scratch.url, pool: { min: 0, max: 20 } });
  try {
    await createRows(db);
    const server = floorApp(db).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { call, close } = httpClient({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    try {
      const caseAt = (i: number): string => `/cases/case-${((i * 7919) % ROWS) + 1}`;
      for (let i = 0; i < 1000; i++) await expectOk(call, caseAt(i)); // warm-up: JIT, pool, buffers
      const load = [os.loadavg()[0]];
      const read = await measureRequests(READS, IN_FLIGHT, async (i) => {
        await expectOk(call, caseAt(i));
      });
      const readLogged = await measureRequests(READS, IN_FLIGHT, async (i) => {
        await expectOk(call, `${caseAt(i)}?log=1`);
      });
      const list = await measureRequests(LISTS, IN_FLIGHT, () => expectPage(call, '/cases'));
      const listLogged = await measureRequests(LISTS, IN_FLIGHT, () => expectPage(call, '/cases?log=1'));
      load.push(os.loadavg()[0]);
      const figures: BenchFigures = { 'rows in the table': ROWS };
      for (const [name, m] of [
        ['read', read],
        ['read + one insert', readLogged],
        ['list 50', list],
        ['list 50 + one insert', listLogged],
      ] as const) {
        figures[`${name}: requests/s`] = m.rps;
        figures[`${name}: p50 ms`] = m.p50;
        figures[`${name}: p99 ms`] = m.p99;
      }
      figures['requests (in flight): reads, lists'] = `${READS}, ${LISTS} (${IN_FLIGHT})`;
      figures['load average (1 min) at start / end'] = load.map((l) => round(l, 1)).join(' / ');
      return figures;
    } finally {
      close();
      await new Promise((resolve) => server.close(resolve));
    }
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}
