/**
 * The README's folder-and-imports table, executable: `npm run lint` fails on an import that crosses a
 * layer the wrong way or closes a cycle. Tests (test/, bench/, *.test.ts, __tests__/) may import
 * anything, but take part in the cycle check like everything else.
 * test/lint/layers.test.ts proves each kind of rule fires on a fixture tree.
 */
const TESTS = '(^test/|^bench/|\\.test\\.ts$|/__tests__/)';
const npm = (...names) => `^node_modules/(${names.join('|')})/`;
const folders = (...names) => `^(${names.join('|')})/`;

/** A rule for code (not tests) in `from` that may import only `allowed` (its own folder is added). */
function onlyImports(name, comment, from, allowed, extra = {}) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^${from}/`, pathNot: TESTS },
    to: { pathNot: [`^${from}/`, ...allowed], ...extra },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: split out the part both need (a leaf module).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      // pdfkit 0.20's exports name a node ESM build it does not ship (node.import → js/pdfkit.node.mjs);
      // require() takes node.require (js/pdfkit.js), which is there.
      to: { couldNotResolve: true, pathNot: '^pdfkit$' },
    },
    onlyImports(
      'domain-has-no-io',
      'domain/: types, durations, safe expressions, error codes; nothing with I/O.',
      'domain',
      [npm('jsep')],
    ),
    onlyImports(
      'interpreter-is-pure',
      'interpreter/: pure and deterministic; domain/ and the pinned date library only.',
      'interpreter',
      [folders('domain'), npm('@js-joda/core', '@js-joda/timezone')],
    ),
    onlyImports(
      'workflows-are-deterministic',
      'workflows/: @temporalio/workflow, domain/ and the interpreter only (no Node built-ins, no I/O); activities by type only; fflate and base64-js (pure) unpack the definition.',
      'workflows',
      [folders('domain', 'interpreter'), npm('@temporalio/workflow', 'fflate', 'base64-js')],
    ),
    {
      name: 'workflows-no-node-builtins',
      comment: 'Workflow code runs in a deterministic sandbox: no Node built-ins, even by type.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    onlyImports(
      'process-definitions-imports',
      'process-definitions/: yaml, ajv and domain/ (the loader reads files).',
      'process-definitions',
      [folders('domain'), npm('yaml', 'ajv', 'ajv-formats', 'semver')],
      { dependencyTypesNot: ['core'] },
    ),
    onlyImports('simulator-imports', 'simulator/: the interpreter and the loader.', 'simulator', [
      folders('domain', 'interpreter', 'process-definitions'),
    ]),
    {
      name: 'side-effects-below-the-worker',
      comment:
        'activities/ and notifications/ are joined by worker/; they never reach up to it, to the API or to the server.',
      severity: 'error',
      from: { path: folders('activities', 'notifications'), pathNot: TESTS },
      to: {
        path: folders(
          'api',
          'ui',
          'open311',
          'worker',
          'client',
          'scripts',
          'cli',
          'devserver',
          'simulator',
          'process-definitions',
        ),
      },
    },
    {
      name: 'activities-see-workflows-by-type',
      comment: 'Activities know the workflow side by its types only (case-activities.ts), never its code.',
      severity: 'error',
      from: { path: folders('activities', 'notifications'), pathNot: TESTS },
      to: { path: '^workflows/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-api',
      comment: 'Nothing imports api/ except ui/, scripts/, test/ and bench/.',
      severity: 'error',
      from: { pathNot: `${folders('api', 'ui', 'scripts')}|${TESTS}` },
      to: { path: '^api/' },
    },
    {
      name: 'nothing-imports-ui',
      comment: 'Nothing imports ui/ except scripts/, test/ and bench/.',
      severity: 'error',
      from: { pathNot: `${folders('ui', 'scripts')}|${TESTS}` },
      to: { path: '^ui/' },
    },
    {
      name: 'ui-imports',
      comment: 'ui/: pages over the API services and db/ reads; never the worker, workflows or the server.',
      severity: 'error',
      from: { path: '^ui/', pathNot: TESTS },
      to: { path: folders('worker', 'activities', 'workflows', 'devserver', 'scripts', 'cli') },
    },
    {
      name: 'api-imports',
      comment: 'api/, open311/: client helpers, the contract, db/, domain/; never the worker side or the server.',
      severity: 'error',
      from: { path: folders('api', 'open311'), pathNot: TESTS },
      to: { path: folders('worker', 'activities', 'devserver', 'scripts', 'cli', 'ui') },
    },
    {
      name: 'client-imports',
      comment: 'client/: starts and signals cases through the contract; never the worker side, the API or the server.',
      severity: 'error',
      from: { path: '^client/', pathNot: TESTS },
      to: {
        path: folders('worker', 'activities', 'notifications', 'api', 'open311', 'ui', 'devserver', 'scripts', 'cli'),
      },
    },
    {
      name: 'devserver-is-independent',
      comment: 'devserver/ is a Temporal-compatible server: it knows nothing of the product (lib/ is not product).',
      severity: 'error',
      from: { path: '^devserver/' },
      to: { path: '^(?!devserver/|lib/|node_modules/)[^/]+/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'only-the-worker-and-start-run-the-devserver',
      comment:
        'The product reaches the embedded server only where a process starts it (worker/main.ts, scripts/), and cli/ its stores.',
      severity: 'error',
      from: { pathNot: `${folders('devserver', 'worker', 'scripts', 'cli')}|${TESTS}` },
      to: { path: '^devserver/' },
    },
    {
      name: 'cli-reaches-only-the-embedded-store',
      comment: "cli/ (move-embedded-store) opens the embedded server's stores, never the server itself.",
      severity: 'error',
      from: { path: '^cli/', pathNot: TESTS },
      to: { path: '^devserver/(?!persistence/)' },
    },
    {
      name: 'devserver-engine-below-transport',
      comment: 'The engine does not know its gRPC transport; both share devserver/protocol/.',
      severity: 'error',
      from: { path: '^devserver/(engine|protocol|clock|visibility|persistence)/' },
      to: { path: '^devserver/grpc/' },
    },
    onlyImports(
      'db-imports',
      'db/: knex, migrations, repositories over domain/ types and the configuration.',
      'db',
      [folders('domain', 'config', 'lib'), npm('knex', 'knex-pglite', 'pg', '@electric-sql/pglite', 'semver')],
      { dependencyTypesNot: ['core'] },
    ),
    onlyImports(
      'config-imports',
      'config/: read and validated once; only domain/ checks (time zones).',
      'config',
      [folders('domain')],
      { dependencyTypesNot: ['core'] },
    ),
    onlyImports(
      'lib-is-generic',
      'lib/: helpers with no product knowledge (a PID lock file, the embedded Postgres); Node and PGlite only.',
      'lib',
      [npm('@electric-sql/pglite')],
      { dependencyTypesNot: ['core'] },
    ),
    onlyImports(
      'analytics-is-pure',
      "analytics/: pure models (predicted resolution, demand forecast, disclosure control); domain/ and the interpreter's calendar arithmetic only.",
      'analytics',
      [folders('domain', 'interpreter')],
      { dependencyTypesNot: ['core'] },
    ),
    onlyImports(
      'logging-imports',
      'logging/: the structured logger; pino and the configuration types.',
      'logging',
      [folders('config'), npm('pino')],
      { dependencyTypesNot: ['core'] },
    ),
    {
      name: 'worker-not-above',
      comment: 'worker/ joins workflows and activities; it never reaches the API, pages, scripts or the CLI.',
      severity: 'error',
      from: { path: '^worker/', pathNot: TESTS },
      to: { path: folders('api', 'open311', 'ui', 'scripts', 'cli') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Root tool configs (eslint, jest, this file) are not part of the product.
    exclude: { path: '^(dist|data|coverage)/|^[^/]+\\.(c|m)?js$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // exportsFields: packages that publish only an "exports" map (pdfkit has no "main") resolve; dependency-cruiser reads none by default.
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.json'],
      conditionNames: ['require', 'import', 'node', 'default', 'types'],
      exportsFields: ['exports'],
    },
  },
};
