// ts-jest transpiles only (isolatedModules); `npm run typecheck` does the type checking once for the
// whole tree, which is much faster than type-checking per test file.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  // Playwright's browser specs are *.spec.ts under test/browser and run with `playwright test`.
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    // preact 11 ships ES modules only; Node loads them with require(esm), jest's module system needs CommonJS.
    '^.+\\.mjs$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true } }],
    // openid-client 6 (with oauth4webapi, jose 6) and otplib's @scure/base, @noble/hashes are ES modules in .js files: the same treatment (see api/auth/oidc/README.md).
    '/node_modules/(openid-client|oauth4webapi|jose|@scure/base|@noble/hashes)/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(preact|preact-render-to-string|openid-client|oauth4webapi|jose|@scure/base|@noble/hashes|@otplib)/)'],
  testTimeout: 60000,
  // Once per run: a migrated template database for every file to copy, and a directory for the
  // workflow bundles built once and shared by every file (test/support/run-setup.ts).
  globalSetup: '<rootDir>/test/support/run-setup.ts',
  globalTeardown: '<rootDir>/test/support/run-teardown.ts',
  maxWorkers: 2,
};
