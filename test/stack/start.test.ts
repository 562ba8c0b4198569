/**
 * `npm start` on a bare machine: spawns scripts/start.ts with only PORT=0 and a temporary DATA_DIR,
 * waits for the printed URL, demo logins and Open311 key, then uses them: /healthz, a demo login,
 * and an Open311 request that runs through the embedded Temporal server and the worker. SIGTERM
 * must stop it with exit code 0; a second start on the same DATA_DIR finds the case and its workflow.
 *
 * The first start is the zero-configuration one: it bundles the workflow code itself. The second loads
 * the run's pre-built bundle (WORKFLOW_BUNDLE_PATH, as start-process.ts gives every boot), so a worker on
 * a pre-built bundle must carry on the workflow a self-bundling one began.
 *
 * Start-up includes PGlite's first migrations (and, the first time, bundling); on an idle machine it
 * takes well under a minute, on a shared CI box with a load of 10+ it can take two.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, stop, type Started } from './support/start-process';

jest.setTimeout(420_000);

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-start-'));
  let started: Started | undefined;

  afterAll(async () => {
    if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the whole platform from nothing, answers, stops on SIGTERM and keeps its cases and workflows across a restart', async () => {
    // Blank is unset: no pre-built bundle for the bare-machine start.
    started = await start(dataDir, { WORKFLOW_BUNDLE_PATH: '' });
    const { url, apiKey, logins } = started;
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(logins.map((l) => l.username)).toEqual(expect.arrayContaining(['admin', 'agent', 'crew', 'records']));

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(logins.find((l) => l.username === 'agent')),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { username: string }).username).toBe('agent');

    // The three shipped processes are published; the printed key submits an Open311 request.
    const services = (await (await fetch(`${url}/open311/v2/services.json`)).json()) as { service_code: string }[];
    expect(services.map((s) => s.service_code)).toEqual(
      expect.arrayContaining(['benefit-application', 'building-permit', 'service-complaint:pothole']),
    );
    const posted = await fetch(`${url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: apiKey,
        service_code: 'service-complaint:graffiti',
        address_string: '40 N Main St',
        description: 'Tag on the wall',
      }).toString(),
    });
    expect(posted.status).toBe(200);
    const [created] = (await posted.json()) as { service_request_id: string }[];
    expect(created.service_request_id).toMatch(/^CF-\d{4}-\d{6}$/);
    const cases = await fetch(`${url}/api/v1/cases?definition=service-complaint`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const items = ((await cases.json()) as { items: { trackingNumber: string; currentSteps: { stepId: string }[] }[] })
      .items;
    // The worker ran the workflow: the case waits at triage.
    expect(
      items.find((c) => c.trackingNumber === created.service_request_id)?.currentSteps.map((s) => s.stepId),
    ).toEqual(['triage']);

    expect(await stop(started.child)).toBe(0);
    expect(started.output()).toMatch(/SIGTERM: shutting down/);

    // Durable: a second start on the same data directory finds the case and its workflow, which
    // still takes the agent's action (embedded Postgres and the Temporal server's store both kept).
    started = await start(dataDir);
    const again = started.url;
    const relogin = await fetch(`${again}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(logins.find((l) => l.username === 'agent')),
    });
    const { token: token2 } = (await relogin.json()) as { token: string };
    const listed = await fetch(`${again}/api/v1/cases?definition=service-complaint`, {
      headers: { authorization: `Bearer ${token2}` },
    });
    const kept = ((await listed.json()) as { items: { id: string; trackingNumber: string }[] }).items.find(
      (c) => c.trackingNumber === created.service_request_id,
    );
    expect(kept).toBeDefined();
    const routed = await fetch(`${again}/api/v1/cases/${kept!.id}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token2}`, 'content-type': 'application/json' },
      body: JSON.stringify({ step: 'triage', action: 'route' }),
    });
    expect(routed.status).toBe(200);
    expect(
      ((await routed.json()) as { status: string; case: { currentSteps: { stepId: string }[] } }).case.currentSteps.map(
        (s) => s.stepId,
      ),
    ).toEqual(['graffiti-removal']);
    expect(await stop(started.child)).toBe(0);
  });
});
