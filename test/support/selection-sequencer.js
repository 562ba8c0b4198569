/**
 * Jest's default test order, plus one thing: it leaves the paths of the selected test files in
 * TEST_SELECTED_FILES, so the projects' global setups (which jest runs after sorting and which are
 * not told the selection) build only the workflow bundles those files use (test/support/selected-tests.ts).
 * Plain CommonJS: jest loads the sequencer without transforming it.
 */
const Sequencer = require('@jest/test-sequencer').default;

class SelectionSequencer extends Sequencer {
  sort(tests) {
    process.env.TEST_SELECTED_FILES = JSON.stringify(tests.map((test) => test.path));
    return super.sort(tests);
  }
}

module.exports = SelectionSequencer;
