#!/usr/bin/env node
'use strict';
// The `civicflow` command. Plain JavaScript so it runs without a build: it registers ts-node in
// transpile-only mode (type checking is `npm run typecheck`'s job) and hands over to cli/main.ts.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json'), dir: root });

require(path.join(root, 'cli', 'main.ts'))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`civicflow: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  });
