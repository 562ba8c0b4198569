import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { durationTable } from './record-file-durations';

interface FakeTest {
  path: string;
  duration?: number;
  context: {
    config: { rootDir: string; cache: boolean; cacheDirectory: string; id: string; haste: object };
    hasteFS: { getSize(file: string): number };
  };
}
interface Sequencer {
  sort(tests: FakeTest[]): FakeTest[];
  _getCachePath(context: FakeTest['context']): string;
}

// Plain CommonJS that jest loads untransformed (jest.config.js: testSequencer).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SelectionSequencer = require('./selection-sequencer.js') as new (options: object) => Sequencer;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { files: table } = require('./file-durations.json') as { files: Record<string, number> };

const root = path.resolve(__dirname, '..', '..');
const byDuration = Object.entries(table).sort(([, a], [, b]) => a - b);
const [shortest] = byDuration[0];
const [longest] = byDuration[byDuration.length - 1];

function testsFor(files: readonly string[], sizes: Record<string, number>, cacheDirectory: string, cache: boolean) {
  const context = {
    config: { rootDir: root, cache, cacheDirectory, id: 'sequencer-test', haste: {} },
    hasteFS: { getSize: (file: string) => sizes[path.relative(root, file)] ?? 0 },
  };
  return files.map((file) => ({ path: path.join(root, file), context }));
}

const order = (tests: FakeTest[]) => tests.map((t) => path.relative(root, t.path).split(path.sep).join('/'));

describe('the order of test files on a run without jest’s own timing cache', () => {
  let cacheDirectory: string;
  beforeEach(() => {
    cacheDirectory = mkdtempSync(path.join(os.tmpdir(), 'sequencer-'));
  });
  afterEach(() => rmSync(cacheDirectory, { recursive: true, force: true }));

  it('has a table of many files whose durations differ', () => {
    expect(byDuration.length).toBeGreaterThan(100);
    expect(table[longest]).toBeGreaterThan(table[shortest] * 10);
  });

  it('starts the longest recorded file first, even when it is the smaller file', () => {
    const sizes = { [shortest]: 100_000, [longest]: 10 };
    const sorted = new SelectionSequencer({}).sort(testsFor([shortest, longest], sizes, cacheDirectory, false));
    expect(order(sorted)).toEqual([longest, shortest]);
  });

  it('runs a file the table does not know first, as jest does with a file it has no time for', () => {
    const unknown = 'test/support/not-in-the-table.test.ts';
    const sorted = new SelectionSequencer({}).sort(testsFor([shortest, longest, unknown], {}, cacheDirectory, false));
    expect(order(sorted)).toEqual([unknown, longest, shortest]);
  });

  it('prefers the times in jest’s own cache where it has them', () => {
    const tests = testsFor([shortest, longest], {}, cacheDirectory, true);
    const sequencer = new SelectionSequencer({});
    writeFileSync(
      sequencer._getCachePath(tests[0].context),
      JSON.stringify({ [tests[0].path]: [1, 900_000], [tests[1].path]: [1, 5] }),
    );
    expect(order(sequencer.sort(tests))).toEqual([shortest, longest]);
  });
});

describe('the table written from a jest report', () => {
  const result = (file: string, seconds: number, status = 'passed') => ({
    name: path.join(root, file),
    status,
    startTime: 1_000,
    endTime: 1_000 + seconds * 1000,
  });

  it('keys files by their path from the repository, in ms to 100 ms, sorted', () => {
    expect(durationTable([result('test/b.test.ts', 12.345), result('api/a.test.ts', 0.01)], root)).toEqual({
      'api/a.test.ts': 100,
      'test/b.test.ts': 12_300,
    });
    expect(Object.keys(durationTable([result('z.test.ts', 1), result('a.test.ts', 1)], root))).toEqual([
      'a.test.ts',
      'z.test.ts',
    ]);
  });

  it('refuses a report with a file that did not pass (it would look short)', () => {
    expect(() => durationTable([result('a.test.ts', 1), result('b.test.ts', 1, 'failed')], root)).toThrow(
      /did not pass: .*b\.test\.ts/,
    );
  });
});
