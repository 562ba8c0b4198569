/**
 * The interpreter evaluates expressions inside Temporal workflows: the module (with jsep) must bundle
 * with the SDK's workflow bundler, pulling in no Node built-ins.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bundleWorkflowCode } from '@temporalio/worker';

it('domain/expressions and domain/definition bundle for the workflow sandbox', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-bundle-'));
  try {
    const workflows = path.join(dir, 'workflows.ts');
    const domain = path.resolve(__dirname);
    writeFileSync(
      workflows,
      [
        `import { parseExpression, evaluateCondition } from ${JSON.stringify(path.join(domain, 'expressions'))};`,
        `import { parseDuration } from ${JSON.stringify(path.join(domain, 'durations'))};`,
        `import { JOIN } from ${JSON.stringify(path.join(domain, 'definition'))};`,
        'export async function probe(source: string, data: Record<string, never>): Promise<unknown> {',
        '  const parsed = parseExpression(source);',
        '  return [JOIN, parseDuration("P1D"), parsed.ok ? evaluateCondition(parsed.compiled, data) : parsed.message];',
        '}',
      ].join('\n'),
    );
    const nodeModules = path.resolve(__dirname, '..', 'node_modules');
    const bundle = await bundleWorkflowCode({
      workflowsPath: workflows,
      // The probe lives outside the project; let webpack find the project's packages.
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, modules: [...(config.resolve?.modules ?? ['node_modules']), nodeModules] },
      }),
      logger: {
        info: () => undefined,
        warn: () => undefined,
        error: (message: string) => console.error(message.slice(0, 3000)),
        debug: () => undefined,
        trace: () => undefined,
        log: () => undefined,
      },
    });
    expect(bundle.code).toContain('probe');
    expect(bundle.code).toContain('Unexpected'); // jsep's parser is in
    expect(bundle.code).not.toMatch(/require\(["']node:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
