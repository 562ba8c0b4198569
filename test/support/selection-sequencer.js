/**
 * Jest's default test order, plus two things:
 * - it leaves the paths of the selected test files in TEST_SELECTED_FILES, so the projects' global
 *   setups (which jest runs after sorting and which are not told the selection) build only the
 *   workflow bundles those files use (test/support/selected-tests.ts);
 * - a file jest has no time for in its own cache (a clean clone, as CI runs) takes its time from
 *   test/support/file-durations.json, so a cold run also starts the longest files first instead of
 *   the largest. By size, the small shipped-scenario files (among the longest to run) started last
 *   and ran together at the end of the run. `npm run test:durations` rewrites the table.
 * Plain CommonJS: jest loads the sequencer without transforming it.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { files: recordedDurations } = require('./file-durations.json');

/** A test file's path as the table names it: relative to the repository, with forward slashes. */
function tableKey(test) {
  return path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
}

class SelectionSequencer extends Sequencer {
  sort(tests) {
    process.env.TEST_SELECTED_FILES = JSON.stringify(tests.map((test) => test.path));
    return super.sort(tests);
  }

  time(test) {
    return super.time(test) ?? recordedDurations[tableKey(test)];
  }
}

module.exports = SelectionSequencer;
