import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './app-config';
import { configProblems } from '../test/support/config-problems';

describe('WORKFLOW_BUNDLE_PATH', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-bundle-config-'));
  const bundle = path.join(dir, 'case-workflows.js');
  const empty = path.join(dir, 'empty.js');
  writeFileSync(bundle, '/* a bundle */ var x = 1;\n');
  writeFileSync(empty, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is absent by default: the worker bundles the workflow code itself', () => {
    expect(loadConfig({}).temporal.workflowBundlePath).toBeUndefined();
  });

  it('names a readable file, resolved to an absolute path', () => {
    const relative = path.relative(process.cwd(), bundle);
    expect(loadConfig({ WORKFLOW_BUNDLE_PATH: relative }).temporal.workflowBundlePath).toBe(bundle);
  });

  it.each([
    ['a missing file', path.join(dir, 'missing.js'), /cannot be read \(ENOENT\)/],
    ['a directory', dir, /is not a file/],
    ['an empty file', empty, /is an empty file/],
  ])('stops start-up on %s, naming the variable and the path', (_what, file, message) => {
    const problems = configProblems({ WORKFLOW_BUNDLE_PATH: file });
    expect(problems).toHaveLength(1);
    expect(problems[0].variable).toBe('WORKFLOW_BUNDLE_PATH');
    expect(problems[0].message).toMatch(message);
    expect(problems[0].message).toContain(file);
  });
});
