import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Nothing imports the API layer, except the layers above it: the web pages (ui/), scripts, tests.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['api/**', 'ui/**', 'scripts/**', 'test/**', 'bench/**', 'playwright.config.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/api/*', '../api', '../../api'], message: 'Nothing imports api/.' }] }],
    },
  },
  {
    // The API never depends on the web pages: ui/ builds on api/, not the other way round.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/ui/*', '**/ui'], message: 'api/ never imports ui/ (the web pages build on the API, not the reverse).' }] }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: it may import only the workflow SDK,
    // domain types and the pure interpreter, never Node built-ins or I/O modules.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'], message: 'Workflow code must be deterministic: no Node built-ins.' },
          { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'knex', 'pg', '../activities/*', '../api/*', '../db/*', '../worker/*', '../devserver/*'], message: 'Workflows import only @temporalio/workflow, domain types and the pure interpreter.' },
        ],
      }],
    },
  },
);
