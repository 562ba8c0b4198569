/**
 * `npm run bundle:workflows -- <file>` (or `node dist/scripts/bundle-workflows.js <file>`): writes the case
 * workflow bundle to a file for WORKFLOW_BUNDLE_PATH, as Temporal deployments do at build time, so that a
 * worker starts without bundling (webpack, a few seconds). Build it from the same source the worker runs:
 * the image's build stage does (Dockerfile).
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleCaseWorkflows } from '../worker/case-worker';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: bundle-workflows <file>');
  const file = path.resolve(target);
  const { code } = await bundleCaseWorkflows();
  // Whole file or nothing: a worker starting meanwhile must not load half a bundle.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  process.stdout.write(`case workflow bundle written to ${file} (${code.length} bytes)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
