/** The processes shipped in process-definitions/ validate with no errors and no warnings. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { loadDefinitionFileSync, loadDefinitionText } from '../load-definition';

const dir = path.join(__dirname, '..', '..');
const shipped = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

it('ships the three processes of the issue', () => {
  expect(shipped).toEqual(
    expect.arrayContaining(['benefit-application.yaml', 'building-permit.yaml', 'service-complaint.yaml']),
  );
});

it.each(shipped)('%s is valid, warning-free and compiles with scenarios', (file) => {
  const result = loadDefinitionFileSync(path.join(dir, file));
  expect(result.problems.map((p) => `${p.line}:${p.col} ${p.code} ${p.message}`)).toEqual([]);
  expect(result.compiled?.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(result.compiled?.scenarios.length).toBeGreaterThan(0);
  expect(result.compiled?.id).toBe(file.replace(/\.yaml$/, ''));
});

it('complete definitions shown in process-definitions/README.md validate', () => {
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((block) => block.includes('format: civicflow/v1') && block.includes('\nsteps:'));
  expect(blocks.length).toBeGreaterThan(0);
  for (const block of blocks) {
    expect(loadDefinitionText(block, { file: 'README.md' }).problems.map((p) => `${p.code} ${p.message}`)).toEqual([]);
  }
});
