import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type * as BundleCache from './workflow-bundle-cache';

// Each jest test file has its own module registry; isolateModules gives a fresh one here, like a new file.
function freshCache(): typeof BundleCache {
  let loaded: typeof BundleCache | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<typeof BundleCache>('./workflow-bundle-cache');
  });
  if (!loaded) throw new Error('workflow-bundle-cache did not load');
  return loaded;
}

describe('workflow bundles shared by the files of one jest run', () => {
  const saved = process.env.TEST_BUNDLE_DIR;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-bundle-cache-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.TEST_BUNDLE_DIR;
    else process.env.TEST_BUNDLE_DIR = saved;
  });

  it('builds once; a later file reads the same bundle from the run directory', async () => {
    process.env.TEST_BUNDLE_DIR = dir;
    const built: WorkflowBundleWithSourceMap = { code: 'globalThis.answer = 42;', sourceMap: '{"version":3}' };
    const build = jest.fn(() => Promise.resolve(built));
    const first = freshCache();
    expect(await first.cachedWorkflowBundle('demo', build)).toEqual(built);
    expect(await first.cachedWorkflowBundle('demo', build)).toEqual(built);
    expect(await freshCache().cachedWorkflowBundle('demo', build)).toEqual(built);
    expect(build).toHaveBeenCalledTimes(1);
    expect(readdirSync(dir).sort()).toEqual(['demo.js', 'demo.js.map']);
  });

  it('keeps bundles of different keys apart', async () => {
    process.env.TEST_BUNDLE_DIR = dir;
    const cache = freshCache();
    await cache.cachedWorkflowBundle('one', () => Promise.resolve({ code: 'one', sourceMap: '' }));
    expect(
      await freshCache().cachedWorkflowBundle('two', () => Promise.resolve({ code: 'two', sourceMap: '' })),
    ).toEqual({ code: 'two', sourceMap: '' });
  });

  it('builds in memory when no run directory is named', async () => {
    delete process.env.TEST_BUNDLE_DIR;
    const build = jest.fn(() => Promise.resolve({ code: 'x', sourceMap: '' }));
    await freshCache().cachedWorkflowBundle('demo', build);
    await freshCache().cachedWorkflowBundle('demo', build);
    expect(build).toHaveBeenCalledTimes(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
