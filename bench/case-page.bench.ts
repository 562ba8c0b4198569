/**
 * The staff case page: server time of rendering GET /cases/{id} (signed in through the sign-in page,
 * session cookie) with 10,000 cases in the database. Each render reads the case, its SLA panel and
 * clock, timeline, documents, available actions (a workflow query) and eligible assignees, and
 * appends three audited reads. How it is measured: bench/notes/case-page.md.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { silentLogger } from '../api/logger';
import { createCase, createDatabase, getUserByUsername } from '../db';
import { buildWebApp } from '../ui/web-app';
import { bundleCaseWorkflows } from '../worker/case-worker';
import { userPrincipal } from '../api/auth/sign-in';
import type { BenchFigures } from './lib/bench-result';
import { createScratchDatabase } from './lib/bench-database';
import { elapsedMs, percentile, round, runBounded } from './lib/measure';
import {
  BENCH_PASSWORD,
  benchConfig,
  publishShippedProcess,
  seedBenchStaff,
  startBenchTemporal,
} from './support/bench-stack';

const CASES = Number(process.env.BENCH_CASE_PAGE_CASES ?? 10_000);
const LIVE_CASES = Number(process.env.BENCH_CASE_PAGE_LIVE_CASES ?? 20);
const RENDERS = Number(process.env.BENCH_CASE_PAGE_RENDERS ?? 300);

const PERMIT = {
  applicantName: 'Rosa Builder',
  applicantEmail: 'rosa@example.org',
  propertyAddress: '200 N Spring St',
  parcelNumber: '5161-003-901',
  workType: 'alteration',
  projectDescription: 'Kitchen remodel',
  valuation: 45000,
  floorArea: 300,
  dwellingUnits: 0,
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function call(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent,
        headers: {
          ...headers,
          ...(payload ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]),
          }),
        );
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Signs in through the page as a browser would; returns the session cookie. */
async function signInCookie(port: number, username: string, password: string): Promise<string> {
  const form = await call(port, 'GET', '/sign-in', {});
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error('no CSRF token on the sign-in page');
  const answer = await call(
    port,
    'POST',
    '/sign-in',
    { Cookie: form.cookies.join('; ') },
    new URLSearchParams({ _csrf: token, username, password }).toString(),
  );
  const session = answer.cookies.find((c) => c.startsWith('cf_session='));
  if (answer.status !== 303 && answer.status !== 302) throw new Error(`sign-in answered ${answer.status}`);
  if (!session) throw new Error('no session cookie');
  return session;
}

export async function run(): Promise<BenchFigures> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const scratch = await createScratchDatabase('civicflow_bench_casepage');
  const db = await createDatabase({ url: scratch.url, embeddedDir: '' }, { pool: { min: 0, max: 20 } });
  const temporal = await startBenchTemporal(db, {
    queuePrefix: 'bench-casepage',
    workflowBundle: await bundleCaseWorkflows(),
    maxCachedWorkflows: 200,
  });
  let listener: http.Server | undefined;
  try {
    await seedBenchStaff(
      db,
      ['building-safety', 'city-planning', 'fire'].map((id) => ({ id, name: id })),
      [
        {
          username: 'bench-supervisor',
          roles: ['supervisor', 'plan-check-supervisor', 'permit-clerk'],
          departmentId: 'building-safety',
        },
        ...Array.from({ length: 5 }, (_, i) => ({
          username: `bench-clerk-${i}`,
          roles: ['staff', 'permit-clerk'],
          departmentId: 'building-safety',
        })),
      ],
    );
    const compiled = await publishShippedProcess(db, 'building-permit');
    const config = benchConfig(temporal.taskQueue);
    const web = buildWebApp({ config, db, temporalClient: temporal.client, logger: silentLogger });

    // The bulk: read-model rows only (no workflow), so the tables and indexes hold 10,000 cases.
    const seeded = performance.now();
    await runBounded(CASES - LIVE_CASES, 8, async () => {
      await createCase(db, {
        id: randomUUID(),
        definitionId: compiled.id,
        definitionVersion: compiled.version,
        definitionHash: compiled.hash,
        residentStatus: 'received',
        departmentId: 'building-safety',
        caseData: PERMIT,
        channel: 'bench',
        currentSteps: [
          { stepId: 'intake-review', kind: 'human', title: 'Completeness check', enteredAt: new Date().toISOString() },
        ],
      });
    });
    const seedSeconds = elapsedMs(seeded) / 1000;
    // The cases the page is rendered for: real ones, each with its running workflow.
    const supervisor = await getUserByUsername(db, 'bench-supervisor');
    if (!supervisor) throw new Error('no bench supervisor');
    const ids: string[] = [];
    for (let i = 0; i < LIVE_CASES; i++)
      ids.push(
        (
          await web.services.cases.startCase(
            userPrincipal(supervisor),
            { definitionId: compiled.id, data: PERMIT },
            { channel: 'bench' },
          )
        ).case.id,
      );
    const total = Number((await db('cases').count<{ count: string }[]>('* as count'))[0].count);

    listener = web.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener?.once('listening', resolve));
    const port = (listener.address() as AddressInfo).port;
    const cookie = await signInCookie(port, 'bench-supervisor', BENCH_PASSWORD);
    const render = async (i: number) => {
      const response = await call(port, 'GET', `/cases/${ids[i % ids.length]}`, { Cookie: cookie });
      if (response.status !== 200 || !response.body.includes('What you can do'))
        throw new Error(`case page answered ${response.status}`);
    };
    for (let i = 0; i < ids.length; i++) await render(i); // warm-up: definitions cached, workflows in the worker's cache
    const latencies: number[] = [];
    const started = performance.now();
    // One at a time: the figure is the server's time for one page, not queueing behind others.
    await runBounded(RENDERS, 1, async (i) => {
      const t0 = performance.now();
      await render(i);
      latencies.push(elapsedMs(t0));
    });
    const seconds = elapsedMs(started) / 1000;
    return {
      'cases in the database': total,
      'render: p50 ms': round(percentile(latencies, 0.5), 1),
      'render: p99 ms': round(percentile(latencies, 0.99), 1),
      'render: pages/s (one at a time)': round(RENDERS / seconds, 1),
      'renders (cases rendered)': `${RENDERS} (${ids.length})`,
      'seeding 10,000 rows: s': round(seedSeconds, 1),
    };
  } finally {
    if (listener) await new Promise((resolve) => listener?.close(resolve));
    agent.destroy();
    await temporal.close();
    await db.destroy();
    await scratch.drop();
  }
}
