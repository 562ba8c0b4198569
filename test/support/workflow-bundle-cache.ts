/**
 * Workflow bundles shared by every test file of one jest run. Bundling the case workflows takes seconds
 * (5.7 MB of code); jest gives each test file its own module registry, so an in-memory promise is
 * rebuilt per file. The global setup (test/support/run-setup.ts) names a directory for the run
 * in TEST_BUNDLE_DIR; the jest projects' setups build their bundles there before any file runs, and
 * whatever asks for a bundle first builds and writes it there; later files read it.
 * Outside jest (no TEST_BUNDLE_DIR) this just builds in memory.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

export const BUNDLE_DIR_VARIABLE = 'TEST_BUNDLE_DIR';

const inMemory = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** The bundle named `key` for this run: read from the run's directory, or built by `build` and saved there. */
export function cachedWorkflowBundle(
  key: string,
  build: () => Promise<WorkflowBundleWithSourceMap>,
): Promise<WorkflowBundleWithSourceMap> {
  let bundle = inMemory.get(key);
  if (!bundle) {
    bundle = readOrBuild(key, build);
    inMemory.set(key, bundle);
  }
  return bundle;
}

/**
 * The file holding the code of the bundle named `key` (built and saved first if need be), for a child
 * process to load (WORKFLOW_BUNDLE_PATH); undefined outside jest, where there is no run directory.
 */
export async function cachedWorkflowBundleFile(
  key: string,
  build: () => Promise<WorkflowBundleWithSourceMap>,
): Promise<string | undefined> {
  const dir = process.env[BUNDLE_DIR_VARIABLE];
  if (!dir) return undefined;
  await cachedWorkflowBundle(key, build);
  return path.join(dir, `${key}.js`);
}

async function readOrBuild(
  key: string,
  build: () => Promise<WorkflowBundleWithSourceMap>,
): Promise<WorkflowBundleWithSourceMap> {
  const dir = process.env[BUNDLE_DIR_VARIABLE];
  if (!dir) return build();
  const codeFile = path.join(dir, `${key}.js`);
  const mapFile = path.join(dir, `${key}.js.map`);
  // The map is written last, so its presence means both files are whole.
  if (existsSync(mapFile)) return { code: readFileSync(codeFile, 'utf8'), sourceMap: readFileSync(mapFile, 'utf8') };
  const built = await build();
  // Two workers may build the same bundle at once; each renames whole files into place, so a reader
  // never sees half a file, and whichever rename lands last wins with identical content.
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(codeFile + suffix, built.code);
  writeFileSync(mapFile + suffix, built.sourceMap);
  renameSync(codeFile + suffix, codeFile);
  renameSync(mapFile + suffix, mapFile);
  return built;
}
