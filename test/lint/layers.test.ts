/**
 * The layering rules (.dependency-cruiser.cjs, run by `npm run lint`) on small fixture trees: a tree
 * that keeps the README's table passes, and each kind of breach — a cycle, I/O in domain/, a Node
 * built-in in workflows/, an import of api/ or ui/, the devserver engine reaching its transport or
 * the product, the CLI reaching past the embedded server's stores — is reported under its rule.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '..', '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function writeTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-layers-'));
  const all = { 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }), ...files };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The violations (JSON report), and the exit code of the run `npm run lint` makes (err output). */
async function cruise(dir: string): Promise<{ exitCode: number; violations: Violation[] }> {
  const run = (outputType: string) =>
    promisify(execFile)(process.execPath, [depcruise, '--config', config, '--output-type', outputType, '.'], {
      cwd: dir,
      maxBuffer: 32 * 1024 * 1024,
    }).then(
      ({ stdout }) => ({ exitCode: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ exitCode: error.code, stdout: error.stdout }),
    );
  const [json, err] = await Promise.all([run('json'), run('err')]);
  const report = JSON.parse(json.stdout) as { summary: { violations: Violation[] } };
  return { exitCode: err.exitCode, violations: report.summary.violations };
}

const CLEAN = {
  'domain/json.ts': 'export type JsonValue = string | number | null;\n',
  'interpreter/step.ts':
    "import type { JsonValue } from '../domain/json';\nexport const step = (v: JsonValue): JsonValue => v;\n",
  'workflows/case.workflow.ts': "import { step } from '../interpreter/step';\nexport const run = () => step(1);\n",
  'api/routes.ts': "import { step } from '../interpreter/step';\nexport const route = step;\n",
  'ui/page.ts': "import { route } from '../api/routes';\nexport const page = route;\n",
  'scripts/start.ts': "import { page } from '../ui/page';\nexport const start = page;\n",
  'devserver/protocol/codec.ts': 'export const codec = 1;\n',
  'devserver/engine/engine.ts': "import { codec } from '../protocol/codec';\nexport const engine = codec;\n",
  'devserver/grpc/service.ts': "import { engine } from '../engine/engine';\nexport const service = engine;\n",
  'worker/main.ts': "import { service } from '../devserver/grpc/service';\nexport const main = service;\n",
  'devserver/persistence/store.ts': 'export const store = 1;\n',
  'cli/move.ts': "import { store } from '../devserver/persistence/store';\nexport const move = store;\n",
};

describe('the layering rules', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pass a tree that keeps the table', async () => {
    const dir = writeTree(CLEAN);
    dirs.push(dir);
    expect(await cruise(dir)).toEqual({ exitCode: 0, violations: [] });
  }, 120_000);

  it('fail on a new cycle and on each forbidden import, naming the rule', async () => {
    const dir = writeTree({
      ...CLEAN,
      'domain/files.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'domain/uses-api.ts': "import { route } from '../api/routes';\nexport const r = route;\n",
      'api/uses-ui.ts': "import { page } from '../ui/page';\nexport const p = page;\n",
      'workflows/ids.ts': "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;\n",
      'devserver/engine/reply.ts': "import { service } from '../grpc/service';\nexport const reply = service;\n",
      'devserver/engine/product.ts': "import { step } from '../../interpreter/step';\nexport const p = step;\n",
      'devserver/engine/history.ts': "import { b } from './updates';\nexport const a = () => b;\n",
      'devserver/engine/updates.ts': "import { a } from './history';\nexport const b = () => a;\n",
      'cli/serve.ts': "import { service } from '../devserver/grpc/service';\nexport const serve = service;\n",
    });
    dirs.push(dir);
    const { exitCode, violations } = await cruise(dir);
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'api-imports: api/uses-ui.ts -> ui/page.ts',
        'cli-reaches-only-the-embedded-store: cli/serve.ts -> devserver/grpc/service.ts',
        'devserver-engine-below-transport: devserver/engine/reply.ts -> devserver/grpc/service.ts',
        'devserver-is-independent: devserver/engine/product.ts -> interpreter/step.ts',
        'domain-has-no-io: domain/files.ts -> fs',
        'domain-has-no-io: domain/uses-api.ts -> api/routes.ts',
        'no-circular: devserver/engine/history.ts -> devserver/engine/updates.ts',
        'nothing-imports-api: domain/uses-api.ts -> api/routes.ts',
        'nothing-imports-ui: api/uses-ui.ts -> ui/page.ts',
        'workflows-are-deterministic: workflows/ids.ts -> crypto',
        'workflows-no-node-builtins: workflows/ids.ts -> crypto',
      ].sort(),
    );
    expect(exitCode).toBeGreaterThan(0);
  }, 120_000);
});
