/**
 * The staff work-list page (`GET /work`, 50 rows) with 10,000 open cases in the database: server time
 * p50/p99 per page, measured from the request reaching the Node HTTP server to the response finishing
 * (the page's own work: session, list query, masking, SLA wording, the `cases.listed` audit append,
 * the change tag, rendering). Also the live-refresh signal (`/work/changes` answering 304). Requests
 * one at a time on loopback, so figures are per request, not throughput. How: bench/notes/work-list-page.md.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { silentLogger } from '../api/logger';
import { createDatabase, createWebSession, getUserByUsername } from '../db';
import { seedOpenCases } from '../test/browser/support/seed-cases';
import { buildWebApp } from '../ui/web-app';
import type { BenchFigures } from './lib/bench-result';
import { createScratchDatabase } from './lib/bench-database';
import { elapsedMs, percentile, round } from './lib/measure';
import {
  benchConfig,
  publishShippedProcess,
  seedBenchStaff,
  SERVICE_COMPLAINT_DEPARTMENTS,
  startBenchTemporal,
} from './support/bench-stack';

const CASES = Number(process.env.BENCH_WORK_LIST_CASES ?? 10_000);
const PAGES = Number(process.env.BENCH_WORK_LIST_PAGES ?? 300);
const WARM_UP = 20;

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function get(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; etag: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'GET', path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          etag: typeof res.headers.etag === 'string' ? res.headers.etag : undefined,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const summary = (samples: number[]) => ({
  p50: round(percentile(samples, 0.5), 1),
  p99: round(percentile(samples, 0.99), 1),
});

export async function run(): Promise<BenchFigures> {
  const loadAtStart = os.loadavg()[0];
  const scratch = await createScratchDatabase('civicflow_bench_worklist');
  const db = await createDatabase({ url: scratch.url, embeddedDir: '' }, { pool: { min: 0, max: 10 } });
  // The app needs a Temporal client to be built; listing cases never calls it (no worker runs).
  const temporal = await startBenchTemporal(db, { queuePrefix: 'bench-worklist' });
  let listener: http.Server | undefined;
  try {
    await seedBenchStaff(db, SERVICE_COMPLAINT_DEPARTMENTS, [
      { username: 'bench-clerk', roles: ['staff', 'call-center-agent'], departmentId: 'call-center' },
    ]);
    const user = await getUserByUsername(db, 'bench-clerk');
    if (!user) throw new Error('no bench clerk');
    await publishShippedProcess(db, 'service-complaint');
    const seedStart = performance.now();
    await seedOpenCases(db, { count: CASES, departmentId: 'call-center', now: new Date() });
    const seedMs = elapsedMs(seedStart);
    await db.raw('analyze cases');

    const { app } = buildWebApp({ config: benchConfig(), db, temporalClient: temporal.client, logger: silentLogger });
    const handle = app.callback();
    let serverTimes: number[] = [];
    // Server time: from the request reaching Node's HTTP server to the last byte handed to the socket.
    listener = http.createServer((req, res) => {
      const t0 = performance.now();
      res.on('finish', () => serverTimes.push(elapsedMs(t0)));
      void handle(req, res);
    });
    listener.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener?.once('listening', resolve));
    const port = (listener.address() as AddressInfo).port;
    const { id: sessionId } = await createWebSession(db, {
      userId: user.id,
      now: new Date(),
      expiresAt: new Date(Date.now() + 12 * 3_600_000),
    });
    const cookie = { Cookie: `cf_session=${sessionId}` };

    const page = async (path: string) => {
      const response = await get(port, path, cookie);
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      const rows = (response.body.match(/<tr>/g) ?? []).length - 1;
      if (rows !== 50) throw new Error(`${path} showed ${rows} rows, expected 50`);
      return response.body;
    };
    const firstPage = '/work?list=team';
    const body = await page(firstPage);
    const next = /href="(\/work\?[^"]*cursor=[^"]*)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');
    if (!next) throw new Error('no next-page link on the first page');
    for (let i = 0; i < WARM_UP; i++) await page(firstPage);

    serverTimes = [];
    for (let i = 0; i < PAGES; i++) await page(firstPage);
    const first = summary(serverTimes);
    serverTimes = [];
    for (let i = 0; i < PAGES; i++) await page(next);
    const second = summary(serverTimes);
    const sortedByCreated = '/work?list=team&sort=-created';
    serverTimes = [];
    for (let i = 0; i < PAGES; i++) await page(sortedByCreated);
    const created = summary(serverTimes);

    const changesPath = '/work/changes?list=team';
    const tag = (await get(port, changesPath, cookie)).etag;
    if (!tag) throw new Error('the change signal sent no ETag');
    serverTimes = [];
    for (let i = 0; i < PAGES; i++) {
      const response = await get(port, changesPath, { ...cookie, 'If-None-Match': tag });
      if (response.status !== 304) throw new Error(`the change signal answered ${response.status}`);
    }
    const signal = summary(serverTimes);

    return {
      'cases in the database': CASES,
      'page 1 (team, SLA due): p50 ms': first.p50,
      'page 1 (team, SLA due): p99 ms': first.p99,
      'page 2 by cursor: p50 ms': second.p50,
      'page 2 by cursor: p99 ms': second.p99,
      'newest first: p50 ms': created.p50,
      'newest first: p99 ms': created.p99,
      'change signal 304: p50 ms': signal.p50,
      'change signal 304: p99 ms': signal.p99,
      'requests per figure': PAGES,
      'seeding 10,000 rows: s': round(seedMs / 1000, 1),
      '1-minute load average at start / end': `${round(loadAtStart, 2)} / ${round(os.loadavg()[0], 2)} (${os.cpus().length} cores)`,
    };
  } finally {
    if (listener) await new Promise((resolve) => listener?.close(resolve));
    agent.destroy();
    await temporal.close();
    await db.destroy();
    await scratch.drop();
  }
}
