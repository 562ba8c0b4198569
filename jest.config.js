const path = require('node:path');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const root = escape(__dirname + path.sep);

/**
 * Unit tests: pure modules, no database, server, worker, child process or workflow bundle, so they
 * need no run-level setup: `npx jest --selectProjects unit` (80 files) took 38.6 s (warm cache) to
 * 43.6 s (cold) on an idle machine, 2026-12-06.
 * They are the tests beside the code they test, minus the CLI tests and the two that bundle workflow
 * code, plus the pure files under test/ named here. Every other test file is an integration test:
 * a file is in exactly one project.
 */
const UNIT = new RegExp(
  `^${root}(?!cli/|domain/expressions-bundle\\.|test/interpreter/workflow-bundle\\.)` +
    '(' +
    '(analytics|api|bench|config|db|devserver|domain|interpreter|logging|process-definitions|scripts|ui|workflows)/' +
    '|test/interpreter/' +
    '|test/(support/selected-tests|support/selection-sequencer|support/browser-suite-config|api/access-policy|api/openapi-document|devserver/cli-options|devserver/visibility|notifications/templates|open311/open311-mapping|simulator/scenario-activities|stack/compose|ui/components)\\.' +
    ').*test\\.tsx?$',
);

/**
 * Devserver tests: the embedded Temporal server's conformance, persistence and crash tests under
 * test/devserver (those in UNIT excepted), on their own harness and workflow bundle; no template database.
 */
const DEVSERVER = new RegExp(`^${root}test/devserver/.*test\\.tsx?$`);

/**
 * The transform: swc, set as tsconfig.json sets TypeScript (ES2022 class fields, CommonJS, the JSX of
 * preact). It only transpiles: `npm run typecheck` checks the whole tree once, much faster than
 * checking per test file. On a cold cache (a clean clone) the unit project took 43.6 s with it
 * against 52.4 s with ts-jest's transpiler (2026-12-06, same machine; 38.6 s with a warm cache).
 */
const swc = (parser) => [
  '@swc/jest',
  {
    jsc: {
      parser,
      target: 'es2022',
      transform: {
        useDefineForClassFields: true,
        react: { runtime: 'automatic', importSource: 'preact' },
      },
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  transform: {
    '^.+\\.ts$': swc({ syntax: 'typescript' }),
    '^.+\\.tsx$': swc({ syntax: 'typescript', tsx: true }),
    // preact 11 ships ES modules only; Node loads them with require(esm), jest's module system needs CommonJS.
    '^.+\\.mjs$': swc({ syntax: 'ecmascript' }),
    // openid-client 6 (with oauth4webapi, jose 6) and otplib's @scure/base, @noble/hashes are ES modules in .js files: the same treatment (see api/auth/oidc/README.md).
    '/node_modules/(openid-client|oauth4webapi|jose|@scure/base|@noble/hashes)/.+\\.js$': swc({ syntax: 'ecmascript' }),
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(preact|preact-render-to-string|openid-client|oauth4webapi|jose|@scure/base|@noble/hashes|@otplib)/)',
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  // it.concurrent tests at a time in one file: the shipped scenarios, each with its own server and worker.
  maxConcurrency: 4,
  // Tells the global setups which files are selected, so they build only the bundles those files use, and
  // starts the longest files first on a run without jest's timing cache (test/support/file-durations.json).
  testSequencer: '<rootDir>/test/support/selection-sequencer.js',
  // Playwright's browser specs (test/browser/*.spec.ts) are the fourth suite, `browser`: `playwright test`.
  projects: [
    { ...shared, displayName: 'unit', testRegex: UNIT.source },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, UNIT.source, DEVSERVER.source],
      // Once per run, only when one of the project's files is selected: a migrated template database for
      // every file to copy, and the case workflow bundle built once for every file (test/README.md).
      globalSetup: '<rootDir>/test/support/integration-setup.ts',
      globalTeardown: '<rootDir>/test/support/run-teardown.ts',
    },
    {
      ...shared,
      displayName: 'devserver',
      testRegex: DEVSERVER.source,
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, UNIT.source],
      // The conformance workflows' bundle, built once. The teardown is the same module as integration's,
      // so jest runs it once for both.
      globalSetup: '<rootDir>/test/devserver/support/devserver-setup.ts',
      globalTeardown: '<rootDir>/test/support/run-teardown.ts',
    },
  ],
};
