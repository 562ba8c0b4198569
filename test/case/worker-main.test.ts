/**
 * worker/main.ts as a process: with no TEMPORAL_ADDRESS it starts the embedded server (durable, in a
 * temporary directory) and polls; SIGTERM shuts it down cleanly (exit code 0).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './support/case-harness';

describe('the case worker process', () => {
  let t: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-worker-'));
  });
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded server when no TEMPORAL_ADDRESS is set and stops on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
    delete env.TEMPORAL_ADDRESS;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', '..', 'worker', 'main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Start-up bundles the workflow code (a few seconds; much longer on a loaded machine).
    for (let i = 0; i < 1100 && !output.includes('case worker polling') && child.exitCode === null; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toContain('(embedded server)');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: shutting down the case worker');
    expect(fs.readdirSync(path.join(dataDir, 'temporal')).length).toBeGreaterThan(0);
  }, 150_000);
});
