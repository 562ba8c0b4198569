/**
 * `npm start` on a bare machine: spawns scripts/start.ts with only PORT=0 and a temporary DATA_DIR,
 * waits for the printed URL, demo logins and Open311 key, then uses them: /healthz, a demo login,
 * and an Open311 request that runs through the embedded Temporal server and the worker. SIGTERM
 * must stop it with exit code 0; a second start on the same DATA_DIR finds the case and its workflow.
 *
 * Start-up includes PGlite's first migrations and bundling the workflow code; on an idle machine it
 * takes well under a minute, on a shared CI box with a load of 10+ it can take two.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(420_000);

const ROOT = path.join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
  apiKey: string;
  logins: { username: string; password: string }[];
}

function waitFor(child: ChildProcess, output: () => string, done: (text: string) => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not get ready in time:\n${output().slice(-3000)}`)), timeoutMs);
    const check = () => {
      if (done(output())) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited early with ${code}:\n${output().slice(-3000)}`));
    });
    check();
  });
}

async function start(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, HOST: '127.0.0.1' };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'NODE_ENV', 'JWT_SECRET', 'SMTP_URL', 'SMTP_HOST', 'SMS_PROVIDER_URL']) delete env[name];
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const output = () => text;
  await waitFor(child, output, (t) => /^API key: \S+$/m.test(t), 200_000);
  const url = /CivicFlow is running at (http:\/\/\S+)/.exec(text)?.[1];
  const apiKey = /^API key: (\S+)$/m.exec(text)?.[1];
  const logins = [...text.matchAll(/^ {2}([a-z]+) +(civicflow-demo) +\S/gm)].map((m) => ({ username: m[1], password: m[2] }));
  if (!url || !apiKey) throw new Error(`no URL or key printed:\n${text}`);
  return { child, output, url, apiKey, logins };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-start-'));
  let started: Started | undefined;

  afterAll(async () => {
    if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the whole platform from nothing, answers, stops on SIGTERM and keeps its cases and workflows across a restart', async () => {
    started = await start(dataDir);
    const { url, apiKey, logins } = started;
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(logins.map((l) => l.username)).toEqual(expect.arrayContaining(['admin', 'agent', 'crew', 'records']));

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(logins.find((l) => l.username === 'agent')) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { username: string }).username).toBe('agent');

    // The three shipped processes are published; the printed key submits an Open311 request.
    const services = (await (await fetch(`${url}/open311/v2/services.json`)).json()) as { service_code: string }[];
    expect(services.map((s) => s.service_code)).toEqual(expect.arrayContaining(['benefit-application', 'building-permit', 'service-complaint:pothole']));
    const posted = await fetch(`${url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: apiKey, service_code: 'service-complaint:graffiti', address_string: '40 N Main St', description: 'Tag on the wall' }).toString(),
    });
    expect(posted.status).toBe(200);
    const [created] = (await posted.json()) as { service_request_id: string }[];
    expect(created.service_request_id).toMatch(/^CF-\d{4}-\d{6}$/);
    const cases = await fetch(`${url}/api/v1/cases?definition=service-complaint`, { headers: { authorization: `Bearer ${token}` } });
    const items = ((await cases.json()) as { items: { trackingNumber: string; currentSteps: { stepId: string }[] }[] }).items;
    // The worker ran the workflow: the case waits at triage.
    expect(items.find((c) => c.trackingNumber === created.service_request_id)?.currentSteps.map((s) => s.stepId)).toEqual(['triage']);

    expect(await stop(started.child)).toBe(0);
    expect(started.output()).toMatch(/SIGTERM: shutting down/);

    // Durable: a second start on the same data directory finds the case and its workflow, which
    // still takes the agent's action (embedded Postgres and the Temporal server's store both kept).
    started = await start(dataDir);
    const again = started.url;
    const relogin = await fetch(`${again}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(logins.find((l) => l.username === 'agent')) });
    const { token: token2 } = (await relogin.json()) as { token: string };
    const listed = await fetch(`${again}/api/v1/cases?definition=service-complaint`, { headers: { authorization: `Bearer ${token2}` } });
    const kept = ((await listed.json()) as { items: { id: string; trackingNumber: string }[] }).items.find((c) => c.trackingNumber === created.service_request_id);
    expect(kept).toBeDefined();
    const routed = await fetch(`${again}/api/v1/cases/${kept!.id}/actions`, { method: 'POST', headers: { authorization: `Bearer ${token2}`, 'content-type': 'application/json' }, body: JSON.stringify({ step: 'triage', action: 'route' }) });
    expect(routed.status).toBe(200);
    expect(((await routed.json()) as { status: string; case: { currentSteps: { stepId: string }[] } }).case.currentSteps.map((s) => s.stepId)).toEqual(['graffiti-removal']);
    expect(await stop(started.child)).toBe(0);
  });
});
