/**
 * The zero-config path: embedded Postgres (PGlite) in a directory, migrated on open, durable across
 * reopen. Runs in a child process (see fixtures/embedded-scenario.ts) because jest's VM cannot load PGlite.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { MIGRATION_NAMES } from '../../db/migrations';
import { EMBEDDED_SHARED_BUFFERS } from '../../lib/embedded-postgres';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'civicflow-pglite-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded PGlite database', () => {
  it('migrates a fresh directory, runs the repositories, and keeps data across reopen', async () => {
    const script = path.join(__dirname, 'fixtures', 'embedded-scenario.ts');
    const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', script, dir], {
      cwd: path.join(__dirname, '..', '..'),
      timeout: 85_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(seen.kind).toBe('embedded');
    // Opened through lib/embedded-postgres.ts: its shared buffers, not PGlite's 128 MB.
    expect(seen.sharedBuffers).toBe(EMBEDDED_SHARED_BUFFERS);
    expect(seen.migrations).toEqual([...MIGRATION_NAMES]);
    expect(seen.secondOpen).toMatch(/already open \(in this process\)/);
    expect(seen.lockFileAfterClose).toBe(false);
    expect(seen.trackingNumber).toMatch(/^CF-\d{4}-000001$/);
    expect(seen.projection).toBe('applied');
    expect(seen.staleProjection).toBe('stale');
    expect(seen.closedCases).toEqual(['emb-1']);
    expect(seen.stepSla).toEqual([
      { definitionId: 'pothole', departmentId: null, stepId: 'triage', total: 1, met: 1, percentMet: 100 },
    ]);
    expect(seen.duplicateAuditInserted).toBe(false);
    expect(seen.auditUpdate).toMatch(/append-only: UPDATE refused/);
    expect(seen.auditDelete).toMatch(/append-only: DELETE refused/);
    expect(seen.recordedStep).toEqual({
      projection: 'applied',
      inserted: [true, true],
      sequences: [1, 2],
      retryProjection: 'stale',
      retryInserted: [false, false],
      tasks: ['triage'],
    });
    expect(seen.verify).toEqual({ ok: true, casesChecked: 3, entriesChecked: 15 });
    expect(seen.publishedUpdate).toMatch(/cannot change/);
    expect(seen.claim).toBe('sending');
    expect(seen.secondClaim).toBeNull();
    expect(seen.supervisorRoles).toEqual(['supervisor', 'staff']);
    expect(seen.migrationsAfterReopen).toEqual([{ count: MIGRATION_NAMES.length }]);
    expect(seen.residentCaseData).toEqual({ list: [1, 2] });
    expect(seen.verifyAfterReopen).toEqual({ ok: true, casesChecked: 1, entriesChecked: 3 });
    expect(seen.apiKeyScopes).toEqual(['open311:write']);
    expect(seen.documentContent).toBe('hello');
    // About 15 s alone; the margin is for a machine shared with other test runs (PGlite starts in WebAssembly twice).
  }, 90_000);
});
