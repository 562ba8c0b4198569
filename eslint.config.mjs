import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * The type-checked recommended rules on all TypeScript. Layering and cycles are checked by
 * dependency-cruiser (.dependency-cruiser.cjs), also in `npm run lint`.
 *
 * EXCEPTIONS: the files that broke a rule when the rule was turned on are listed below, rule by rule,
 * with the reason. The list only shrinks: fix a file, then delete its line. A new file is checked by
 * every rule.
 */
const EXCEPTIONS = [
  {
    // values typed `any`: the devserver's protobuf JSON (`Pb`, by design), supertest bodies and parsed YAML in tests, a few API/workflow spots.
    files: [
      'api/auth/access-policy.ts',
      'api/services/case-service.ts',
      'bench/devserver.bench.ts',
      'cli/__tests__/civicflow-cli.test.ts',
      'devserver/engine/activities.ts',
      'devserver/engine/commands/activity-commands.ts',
      'devserver/engine/commands/close-commands.ts',
      'devserver/engine/commands/cross-workflow-commands.ts',
      'devserver/engine/commands/property-commands.ts',
      'devserver/engine/commands/timer-commands.ts',
      'devserver/engine/cross-workflow.ts',
      'devserver/engine/describe.ts',
      'devserver/engine/engine.ts',
      'devserver/engine/history.ts',
      'devserver/engine/start-workflow.ts',
      'devserver/engine/updates.ts',
      'devserver/engine/visibility-listing.ts',
      'devserver/engine/workflow-retry.ts',
      'devserver/engine/workflow-task.ts',
      'devserver/grpc/test-service.ts',
      'devserver/grpc/workflow-service.ts',
      'devserver/persistence/knex-execution-store.ts',
      'devserver/protocol/proto-codec.ts',
      'devserver/visibility/search-attributes-decoder.ts',
      'process-definitions/loader/__tests__/calendar-includes.test.ts',
      'process-definitions/loader/__tests__/compile-definition.test.ts',
      'process-definitions/loader/__tests__/fuzz-support.ts',
      'process-definitions/loader/__tests__/static-checks.test.ts',
      'process-definitions/loader/__tests__/yaml-reader.test.ts',
      'test/api/authorization-matrix.test.ts',
      'test/api/bad-input.test.ts',
      'test/api/case-commands.test.ts',
      'test/api/case-lifecycle.test.ts',
      'test/api/definitions.test.ts',
      'test/api/openapi-document.test.ts',
      'test/api/start-failure.test.ts',
      'test/case/automated-actions.test.ts',
      'test/db/cases.test.ts',
      'test/db/directory.test.ts',
      'test/db/documents.test.ts',
      'test/devserver/persistence.test.ts',
      'test/devserver/restart-recovery.test.ts',
      'test/devserver/server-skeleton.test.ts',
      'test/interpreter/review-flow.test.ts',
      'test/notifications/templates.test.ts',
      'test/open311/open311-flow.test.ts',
      'workflows/case-workflow.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // async to satisfy an interface or the Temporal contract (activities, workflows, stores) without awaiting.
    files: [
      'activities/automated-actions.ts',
      'bench/lib/bench-lib.test.ts',
      'bench/workflows/devserver-bench.activities.ts',
      'bench/workflows/devserver-bench.workflows.ts',
      'devserver/engine/execution-store.ts',
      'devserver/persistence/memory-execution-store.ts',
      'test/devserver/activities.test.ts',
      'test/devserver/fixtures/crash-activities.ts',
      'test/devserver/fixtures/crash-scenario.ts',
      'test/devserver/restart-recovery.test.ts',
      'test/devserver/signals-queries.test.ts',
      'test/devserver/support/json-snapshot-store.ts',
      'test/devserver/time-skipping.test.ts',
      'test/devserver/timers-markers-continue-as-new.test.ts',
      'test/devserver/workflow-tasks.test.ts',
      'test/devserver/workflows/basic-workflows.ts',
      'test/devserver/workflows/child-workflows.ts',
      'test/devserver/workflows/task-workflows.ts',
      'test/devserver/workflows/timer-workflows.ts',
      'test/interpreter/fixtures/working-time.workflow.ts',
      'test/stack/start.test.ts',
    ],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // `Pb` (protobuf JSON), template field specs and one API/test helper.
    files: [
      'api/services/case-commands.ts',
      'devserver/protocol/proto-codec.ts',
      'notifications/template-fields.ts',
      'process-definitions/loader/__tests__/definition-fixtures.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // knex results cast after the call (typing the query builder instead is the fix).
    files: [
      'api/services/case-view.ts',
      'db/repositories/audit.repository.ts',
      'db/repositories/cases.repository.ts',
      'db/repositories/documents.repository.ts',
      'devserver/persistence/knex-execution-store.ts',
      'open311/open311-router.ts',
      'test/stack/start-external-db.test.ts',
    ],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // a benchmark handler.
    files: ['bench/devserver.bench.ts'],
    rules: { '@typescript-eslint/no-misused-promises': 'off' },
  },
  {
    // the devserver compares protobuf enum numbers.
    files: [
      'devserver/engine/activities.ts',
      'devserver/engine/cross-workflow.ts',
      'devserver/engine/engine.ts',
      'devserver/engine/enums.ts',
      'test/devserver/activities.test.ts',
      'test/devserver/restart-recovery.test.ts',
      'test/devserver/timers-markers-continue-as-new.test.ts',
      'test/devserver/updates.test.ts',
      'test/devserver/workflow-tasks.test.ts',
    ],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },
  {
    // the protobuf JSON module and a test that loads a module lazily.
    files: ['devserver/protocol/proto-codec.ts', 'process-definitions/loader/__tests__/yaml-reader.test.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // visibility status: a name or a raw value from older records.
    files: ['devserver/visibility/visibility-record.ts'],
    rules: { '@typescript-eslint/no-redundant-type-constituents': 'off' },
  },
  {
    // an Open311 input error and a test message.
    files: ['open311/request-input.ts', 'test/case/rejections.test.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    // a test helper throws a structured failure.
    files: ['test/case/support/shipped-scenarios.ts'],
    rules: { '@typescript-eslint/only-throw-error': 'off' },
  },
  {
    // a test takes methods off a store fake.
    files: ['test/devserver/restart-recovery.test.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
];

const NOT_DETERMINISTIC = 'Workflow code must be deterministic: no Node built-ins.';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // `_name` marks a value left out on purpose (e.g. `const { agency: _agency, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  ...EXCEPTIONS,
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-in (every one this Node
    // has, with and without `node:`) and no I/O module. dependency-cruiser checks the layer as well.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules
            .flatMap((name) => [name, `node:${name}`])
            .map((name) => ({ name, message: NOT_DETERMINISTIC })),
          patterns: [
            { group: ['node:*'], message: NOT_DETERMINISTIC },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'knex', 'pg'],
              message: 'Workflows import only @temporalio/workflow, domain types and the pure interpreter.',
            },
          ],
        },
      ],
    },
  },
);
