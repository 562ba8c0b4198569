/**
 * The knowledge base's text search on the embedded PGlite store that `npm start` uses: the generated
 * search column, English and Spanish configurations, ranking, versions and counts behave as on
 * Postgres. Runs in a child process (fixtures/knowledge-scenario.ts): jest's VM cannot load PGlite.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'civicflow-kb-pglite-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the knowledge base on embedded PGlite', () => {
  it('searches ranked in English and Spanish, keeps drafts out, and counts contacts', async () => {
    const script = path.join(__dirname, 'fixtures', 'knowledge-scenario.ts');
    const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', script, dir], {
      cwd: path.join(__dirname, '..', '..'),
      timeout: 85_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(seen).toEqual({
      english: ['pickup', 'calendar'],
      stemmed: ['pickup'],
      spanish: ['muebles'],
      notInEnglish: [],
      draftNotLive: [],
      published: 2,
      liveAfterPublish: ['pickup'],
      counts: {
        byTopic: [{ key: 'Pickup', contacts: 2, answered: 1 }],
        byChannel: [{ key: 'phone', contacts: 2, answered: 1 }],
      },
    });
    // PGlite starts in WebAssembly and migrates a fresh directory: the margin is for a shared machine.
  }, 90_000);
});
