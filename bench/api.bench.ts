/**
 * The staff API on loopback, with the real worker, the embedded server and Postgres on 127.0.0.1:
 * requests per second and p50/p99 latency for case creation (update-with-start, answered once the
 * first step is recorded) and case reads (read model + masking + an audited read), each at a steady, bounded
 * concurrency (closed loop). How it is measured: bench/notes/api.md.
 */
import type { BenchFigures } from './lib/bench-result';
import { measureRate as measure, withApiApp } from './lib/api-app';

const CREATES = Number(process.env.BENCH_API_CREATES ?? 300);
const CREATE_CONCURRENCY = Number(process.env.BENCH_API_CREATE_CONCURRENCY ?? 8);
const READS = Number(process.env.BENCH_API_READS ?? 3000);
const READ_CONCURRENCY = Number(process.env.BENCH_API_READ_CONCURRENCY ?? 16);

export async function run(): Promise<BenchFigures> {
  return withApiApp([{ username: 'bench-clerk', roles: ['staff', 'call-center-agent'], departmentId: 'call-center' }], async (app) => {
    const token = app.tokens['bench-clerk'];
    const call = (method: string, route: string, bearer: string, body?: unknown) => app.call(method, route, bearer, body);
    const ids: string[] = [];
    const body = { definitionId: 'service-complaint', data: { category: 'graffiti', channel: 'web', description: 'Tag on the wall', address: '200 N Spring St' } };
    // Warm-up: bundles are loaded, connections open, caches filled.
    for (let i = 0; i < 10; i++) await call('POST', '/api/v1/cases', token, body);
    const creation = await measure(CREATES, CREATE_CONCURRENCY, async () => {
      const response = await call('POST', '/api/v1/cases', token, body);
      if (response.status !== 201) throw new Error(`create answered ${response.status}: ${response.body}`);
      ids.push((JSON.parse(response.body) as { case: { id: string } }).case.id);
    });
    const reads = await measure(READS, READ_CONCURRENCY, async (i) => {
      const response = await call('GET', `/api/v1/cases/${ids[i % ids.length]}`, token);
      if (response.status !== 200) throw new Error(`read answered ${response.status}: ${response.body}`);
    });
    const lists = await measure(Math.floor(READS / 5), READ_CONCURRENCY, async () => {
      const response = await call('GET', '/api/v1/cases?limit=50&sort=sla-due', token);
      if (response.status !== 200) throw new Error(`list answered ${response.status}`);
    });
    return {
      'create: requests/s': creation.rps,
      'create: p50 ms': creation.p50,
      'create: p99 ms': creation.p99,
      'create: requests (concurrency)': `${CREATES} (${CREATE_CONCURRENCY})`,
      'read: requests/s': reads.rps,
      'read: p50 ms': reads.p50,
      'read: p99 ms': reads.p99,
      'read: requests (concurrency)': `${READS} (${READ_CONCURRENCY})`,
      'list 50: requests/s': lists.rps,
      'list 50: p50 ms': lists.p50,
      'list 50: p99 ms': lists.p99,
    };
  });
}
