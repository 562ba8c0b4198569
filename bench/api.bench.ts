/**
 * The staff API on loopback, with the real worker and the embedded server, on each store
 * (BENCH_API_STORES, default "pglite,postgres": embedded PGlite as `npm start` runs it, and Postgres
 * on 127.0.0.1): requests per second and p50/p99 latency for case creation (8 in flight), then, with
 * BENCH_API_CASES (100,000) cases in the database, case reads and list-of-50 pages (16 in flight).
 * How it is measured: bench/notes/api.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDatabase, type Database } from '../db';
import { bundleCaseWorkflows } from '../worker/case-worker';
import { runApiApp } from './lib/api-app';
import { AUDIT_FIGURE, verifiedAuditChains } from './lib/audit-check';
import type { BenchFigures } from './lib/bench-result';
import { createScratchDatabase } from './lib/bench-database';
import { benchStores, type BenchStore } from './lib/bench-stores';
import { reportProgress } from './lib/progress';
import { measureRequests } from './support/http';
import { seedCasesLike } from './support/seed-cases';

const CASES = Number(process.env.BENCH_API_CASES ?? 100_000);
const CREATES = Number(process.env.BENCH_API_CREATES ?? 300);
const CREATE_CONCURRENCY = Number(process.env.BENCH_API_CREATE_CONCURRENCY ?? 8);
const READS = Number(process.env.BENCH_API_READS ?? 3000);
const LISTS = Number(process.env.BENCH_API_LISTS ?? 2000);
const READ_CONCURRENCY = Number(process.env.BENCH_API_READ_CONCURRENCY ?? 16);

/** A fresh database on the store; `close` removes it. */
async function openStore(store: BenchStore): Promise<{ db: Database; close: () => Promise<void> }> {
  if (store === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-bench-pglite-'));
    const db = await createDatabase({ embeddedDir: dir });
    return {
      db,
      close: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const scratch = await createScratchDatabase('civicflow_bench_api');
  const db = await createDatabase({ url: scratch.url, embeddedDir: '' }, { pool: { min: 0, max: 20 } });
  return {
    db,
    close: async () => {
      await db.destroy();
      await scratch.drop();
    },
  };
}

async function measureStore(
  store: BenchStore,
  bundle: Awaited<ReturnType<typeof bundleCaseWorkflows>>,
): Promise<BenchFigures> {
  const { db, close } = await openStore(store);
  const clerk = { username: 'bench-clerk', roles: ['staff', 'call-center-agent'], departmentId: 'call-center' };
  try {
    const figures = await runApiApp(db, bundle, [clerk], async ({ call, tokens }) => {
      const token = tokens[clerk.username];
      const ids: string[] = [];
      const body = {
        definitionId: 'service-complaint',
        data: { category: 'graffiti', channel: 'web', description: 'Tag on the wall', address: '200 N Spring St' },
      };
      // Warm-up: bundles are loaded, connections open, caches filled.
      for (let i = 0; i < 10; i++) await call('POST', '/api/v1/cases', token, body);
      const creation = await measureRequests(CREATES, CREATE_CONCURRENCY, async () => {
        const response = await call('POST', '/api/v1/cases', token, body);
        if (response.status !== 201) throw new Error(`create answered ${response.status}: ${response.body}`);
        ids.push((JSON.parse(response.body) as { case: { id: string } }).case.id);
        reportProgress(`${store}: ${ids.length} cases created through HTTP`);
      });
      // The real cases are the templates of the bulk copies; reads go to real and copied cases alike.
      const existing = Number((await db('cases').count<{ count: string }[]>('* as count'))[0].count);
      const seeded = Math.max(0, CASES - existing);
      const seedStart = performance.now();
      const { prefix } = await seedCasesLike(db, seeded);
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const total = Number((await db('cases').count<{ count: string }[]>('* as count'))[0].count);
      const readId = (i: number): string =>
        i % 10 === 0 || seeded === 0
          ? ids[i % ids.length]
          : `${prefix}-${String(1 + ((i * 7919) % seeded)).padStart(7, '0')}`;
      const reads = await measureRequests(READS, READ_CONCURRENCY, async (i) => {
        const response = await call('GET', `/api/v1/cases/${readId(i)}`, token);
        if (response.status !== 200) throw new Error(`read answered ${response.status}: ${response.body}`);
      });
      const lists = await measureRequests(LISTS, READ_CONCURRENCY, async () => {
        const response = await call('GET', '/api/v1/cases?limit=50&sort=sla-due', token);
        if (response.status !== 200) throw new Error(`list answered ${response.status}`);
        if ((JSON.parse(response.body) as { items: unknown[] }).items.length !== Math.min(50, total))
          throw new Error('list answered fewer than 50 cases');
      });
      return {
        [`${store}: create: requests/s`]: creation.rps,
        [`${store}: create: p50 ms`]: creation.p50,
        [`${store}: create: p99 ms`]: creation.p99,
        [`${store}: create: requests (in flight)`]: `${CREATES} (${CREATE_CONCURRENCY})`,
        [`${store}: cases in the database for reads`]: total,
        [`${store}: bulk-copied cases per second`]: Math.round(seeded / seedSeconds),
        [`${store}: read: requests/s`]: reads.rps,
        [`${store}: read: p50 ms`]: reads.p50,
        [`${store}: read: p99 ms`]: reads.p99,
        [`${store}: read: requests (in flight)`]: `${READS} (${READ_CONCURRENCY})`,
        [`${store}: list 50: requests/s`]: lists.rps,
        [`${store}: list 50: p50 ms`]: lists.p50,
        [`${store}: list 50: p99 ms`]: lists.p99,
        [`${store}: list 50: requests (in flight)`]: `${LISTS} (${READ_CONCURRENCY})`,
      };
    });
    return { ...figures, [`${store}: ${AUDIT_FIGURE}`]: await verifiedAuditChains(db) };
  } finally {
    await close();
  }
}

export async function run(): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stores = benchStores('BENCH_API_STORES');
  const bundle = await bundleCaseWorkflows();
  const figures: BenchFigures = {};
  for (const store of stores) Object.assign(figures, await measureStore(store, bundle));
  return figures;
}
