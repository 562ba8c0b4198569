import path from 'node:path';
import { SELECTED_FILES_VARIABLE, selectionUses } from './selected-tests';

const testRoot = path.resolve(__dirname, '..');
const caseHarness = path.join(testRoot, 'case', 'support', 'case-harness.ts');
const select = (...files: string[]): void => {
  process.env[SELECTED_FILES_VARIABLE] = JSON.stringify(files.map((file) => path.join(testRoot, file)));
};

describe('which support modules the selected test files use', () => {
  const saved = process.env[SELECTED_FILES_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[SELECTED_FILES_VARIABLE];
    else process.env[SELECTED_FILES_VARIABLE] = saved;
  });

  it('finds a harness a selected file imports directly', () => {
    select('db/template-database.test.ts', 'case/replay.test.ts');
    expect(selectionUses(caseHarness)).toBe(true);
  });

  it('finds it through another support file (the API harness uses the case bundle)', () => {
    select('api/bad-input.test.ts');
    expect(selectionUses(caseHarness)).toBe(true);
  });

  it('says no when no selected file reaches it, so the setup builds nothing', () => {
    select('db/template-database.test.ts', 'support/workflow-bundle-cache.test.ts');
    expect(selectionUses(caseHarness)).toBe(false);
    select();
    expect(selectionUses(caseHarness)).toBe(false);
  });

  it('says yes when the selection is unknown (a runner without the sequencer)', () => {
    delete process.env[SELECTED_FILES_VARIABLE];
    expect(selectionUses(caseHarness)).toBe(true);
  });
});
