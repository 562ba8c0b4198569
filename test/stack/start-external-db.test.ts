/**
 * `npm start` with DATABASE_URL set: the platform uses that Postgres (a fresh database) instead of
 * the embedded one, seeds it, and runs a case through the in-process worker; the embedded Temporal
 * server keeps its workflows in that database too.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMBEDDED_STORE_SCHEMA } from '../../config/embedded-store';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { start, stop, type Started } from './support/start-process';

jest.setTimeout(300_000);

describe('npm start with DATABASE_URL', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-start-pg-'));
  let database: TestDatabase;
  let started: Started | undefined;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates and seeds the given Postgres and serves from it', async () => {
    started = await start(dataDir, { DATABASE_URL: database.url });
    expect(started.output()).toMatch(/Database: DATABASE_URL/);
    expect(started.output()).toMatch(
      /Temporal: embedded server at \S+, durable in DATABASE_URL, schema temporal_embedded/,
    );
    const users = (await database.db('users').select('username')) as { username: string }[];
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'agent']));
    const published = (await database.db('definitions').where({ status: 'published' }).select('id')) as {
      id: string;
    }[];
    expect(published.map((d) => d.id).sort()).toEqual(['benefit-application', 'building-permit', 'service-complaint']);

    const posted = await fetch(`${started.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: started.apiKey,
        service_code: 'service-complaint:streetlight',
        lat: '34.05',
        long: '-118.25',
        description: 'Light out all night',
      }).toString(),
    });
    expect(posted.status).toBe(200);
    const [created] = (await posted.json()) as { service_request_id: string }[];
    const row = (await database.db('cases').where({ tracking_number: created.service_request_id }).first()) as
      { channel: string; current_steps: { stepId: string }[] } | undefined;
    expect(row?.channel).toBe('open311');
    expect(row?.current_steps.map((s) => s.stepId)).toEqual(['triage']);
    // No embedded Postgres was made, not even for the embedded Temporal server: its workflows are in
    // the same database, in their own schema.
    expect(readdirSync(dataDir)).toEqual([]);
    const run = (await database.db
      .withSchema(EMBEDDED_STORE_SCHEMA)
      .table('temporal_executions')
      .where({ workflow_type: 'caseWorkflow' })
      .first('workflow_id')) as { workflow_id: string } | undefined;
    expect(run?.workflow_id).toBeDefined();
    expect(await stop(started.child)).toBe(0);
  });
});
